// npm run rotate-keys [-- --retire KID]
// Adds a new signing key (every Sen process signs with it within 30 s); keys that stopped signing longer ago than
// the access-token lifetime are retired. --retire removes a key at once (a leaked one): its tokens stop verifying.
import { commandOptions } from './args.ts';
import { openConfiguredDatabase } from './database.ts';
import { SigningKeys } from '../auth/signing-keys.ts';

const USAGE = 'npm run rotate-keys [-- --retire KID]';
const options = commandOptions(USAGE, { retire: { type: 'string' } });

const { config, database } = await openConfiguredDatabase();
try {
  const keys = new SigningKeys(database.prisma);
  const key = await keys.rotate();
  console.log(`New signing key ${key.kid} signs from now on.`);
  if (options.retire) {
    if (await keys.retire(options.retire)) console.log(`Key ${options.retire} retired: tokens it signed no longer verify.`);
    else {
      console.error(`No active key ${options.retire}.`);
      process.exitCode = 1;
    }
  }
  const retired = await keys.retireSuperseded(config.accessTokenSeconds);
  if (retired.length) console.log(`Retired keys no token can still use: ${retired.join(', ')}`);
} finally {
  await database.close();
}
