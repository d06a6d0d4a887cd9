// npm run indicators:recount
// Rebuilds the health indicator facts from the current resources: after upgrading to a release that counts
// differently (a new measure, a corrected disease list), or to check that the figures kept on write are right.
import { openConfiguredDatabase } from './database.ts';
import { IndicatorService } from '../services/indicator-service.ts';

const { database } = await openConfiguredDatabase();
const started = Date.now();
try {
  const read = await new IndicatorService(database.prisma).recount();
  for (const [type, count] of Object.entries(read)) console.log(`${type}: ${count} resources counted`);
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`Recount failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
