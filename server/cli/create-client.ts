// npm run create-client -- --client-id ioc-tinh --name "IOC tỉnh" --scope "system/*.read" [--facility ORGANIZATION_ID]
// Prints the client secret once; Sen keeps only its hash.
import { commandOptions } from './args.ts';
import { openConfiguredDatabase } from './database.ts';
import { ApiClients } from '../auth/clients.ts';
import { UserInputError } from '../auth/users.ts';
import { InvalidScopeError, ScopeSet } from '../access/scopes.ts';
import { readCurrent } from '../store/resource-rows.ts';

const USAGE = `npm run create-client -- --client-id ID --name "Name" --scope "SCOPES" [--facility ORGANIZATION_ID]
  scopes: system/… (all facilities, e.g. "system/*.read") or user/… (only --facility's patients, e.g. "user/Observation.rs")`;
const options = commandOptions(USAGE, {
  'client-id': { type: 'string' },
  name: { type: 'string' },
  scope: { type: 'string' },
  facility: { type: 'string' },
});
const clientId = options['client-id'];
if (!clientId || !options.name || !options.scope) {
  console.error(`--client-id, --name and --scope are required\n\nUsage: ${USAGE}`);
  process.exit(2);
}
let scope: ScopeSet;
try {
  scope = new ScopeSet(options.scope);
} catch (error) {
  console.error(error instanceof InvalidScopeError ? error.message : String(error));
  process.exit(2);
}
if (scope.context === 'user' && !options.facility) {
  console.error('A client with user/ scopes acts for one facility: give --facility');
  process.exit(2);
}

const { database } = await openConfiguredDatabase();
try {
  const facility = options.facility && (await readCurrent(database.prisma, 'Organization', options.facility));
  if (options.facility && (!facility || facility.deleted)) throw new UserInputError(`Organization/${options.facility} does not exist`);
  const { secret } = await new ApiClients(database.prisma).create({
    clientId, displayName: options.name, facilityId: options.facility ?? null, scope: scope.text,
  });
  console.log(`Client "${clientId}" created with scope "${scope.text}".`);
  console.log(`Client secret (shown only now; store it safely): ${secret}`);
  console.log('Token: POST /auth/token grant_type=client_credentials with HTTP Basic client_id:client_secret');
} catch (error) {
  if (error instanceof UserInputError) console.error(error.message);
  else if ((error as { code?: string }).code === 'P2002') console.error(`A client "${clientId}" already exists.`);
  else throw error;
  process.exitCode = 1;
} finally {
  await database.close();
}
