// npm run reindex [-- --type Patient] [--batch 500]
// Rebuilds the search index of stored resources from their JSON, with the search parameters in force (R4's, Sen's,
// and the SearchParameter resources stored in this database). Run it after adding a SearchParameter, to make
// resources written before it searchable by it, and after upgrading a database to a release with new index tables.
import { commandOptions } from './args.ts';
import { openConfiguredDatabase } from './database.ts';
import { SearchService } from '../services/search-service.ts';
import { analyzeIndexTables, reindexBatch, storedTypes } from '../store/search/reindex.ts';
import { extractIndexEntries } from '../../fhir/search/index-entries.ts';
import { parseJson } from '../../fhir/json/lossless.ts';
import { isKnownResourceType } from '../../fhir/validation/validate.ts';

const USAGE = 'npm run reindex [-- --type Patient [--type Observation]] [--batch 500]';
const options = commandOptions(USAGE, {
  type: { type: 'string', multiple: true },
  batch: { type: 'string', default: '500' },
});
const batch = Number(options.batch);
const unknown = (options.type ?? []).filter((type) => !isKnownResourceType(type));
if (!Number.isInteger(batch) || batch < 1 || unknown.length > 0) {
  console.error(`${unknown.length ? `Not resource types: ${unknown.join(', ')}` : '--batch must be a whole number ≥ 1'}\n\nUsage: ${USAGE}`);
  process.exit(2);
}

const { database } = await openConfiguredDatabase();
const started = Date.now();
let total = 0;
try {
  await new SearchService(database.prisma).loadCustomParameters();
  const types = options.type ?? (await storedTypes(database.prisma));
  const extract = (content: string) => extractIndexEntries(parseJson(content) as { resourceType: string });
  for (const type of types) {
    let after = '';
    let count = 0;
    for (;;) {
      const done = await reindexBatch(database.prisma, type, after, batch, extract);
      if (done.count === 0) break;
      count += done.count;
      after = done.lastId!;
    }
    total += count;
    console.log(`${type}: ${count} resources re-indexed`);
  }
  // Fresh planner statistics: the search engine picks its driving filter by the planner's estimates.
  await analyzeIndexTables(database.prisma);
  console.log(`Done: ${total} resources in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`Re-indexing failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
