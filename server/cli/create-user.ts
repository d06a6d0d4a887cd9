// npm run create-user -- --username bacsi.an --role doctor --facility <Organization id> [--practitioner <id>] --name "…"
// (password from SEN_USER_PASSWORD or asked for)
import { commandOptions } from './args.ts';
import { createAccount } from './create-account.ts';
import { UserInputError } from '../auth/users.ts';
import { ROLES, isRole, type Role } from '../auth/roles.ts';
import { readCurrent } from '../store/resource-rows.ts';
import { askPassword } from './password-prompt.ts';

const USAGE = `npm run create-user -- --username NAME --role ROLE --name "Full name" [--facility ORGANIZATION_ID] [--practitioner PRACTITIONER_ID]
  roles: ${ROLES.filter((role) => role !== 'machine').join(', ')} (machine clients: npm run create-client)
  password: SEN_USER_PASSWORD or prompt`;
const options = commandOptions(USAGE, {
  username: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  facility: { type: 'string' },
  practitioner: { type: 'string' },
});
if (!options.username || !options.role || !options.name) {
  console.error(`--username, --role and --name are required\n\nUsage: ${USAGE}`);
  process.exit(2);
}
if (!isRole(options.role)) {
  console.error(`Unknown role "${options.role}"\n\nUsage: ${USAGE}`);
  process.exit(2);
}

const password = await askPassword('SEN_USER_PASSWORD', `Password for ${options.username}: `);
await createAccount(async (database) => {
  // The account is linked to FHIR resources that must exist: its facility and, for staff, their Practitioner.
  for (const [type, id] of [['Organization', options.facility], ['Practitioner', options.practitioner]] as const) {
    const row = id && (await readCurrent(database.prisma, type, id));
    if (id && (!row || row.deleted)) throw new UserInputError(`${type}/${id} does not exist`);
  }
  return {
    username: options.username!,
    password,
    displayName: options.name!,
    role: options.role as Role,
    facilityId: options.facility ?? null,
    practitionerId: options.practitioner ?? null,
  };
}, `User "${options.username}" (${options.role}) created.`);
