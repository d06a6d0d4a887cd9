// npm run create-admin -- --username admin --name "Quản trị" (password from SEN_ADMIN_PASSWORD or asked for)
import { commandOptions } from './args.ts';
import { createAccount } from './create-account.ts';
import { askPassword } from './password-prompt.ts';

const USAGE = 'npm run create-admin -- [--username admin] [--name "Full name"]   (password: SEN_ADMIN_PASSWORD or prompt)';
const options = commandOptions(USAGE, {
  username: { type: 'string', default: 'admin' },
  name: { type: 'string', default: 'Quản trị hệ thống' },
});

const password = await askPassword('SEN_ADMIN_PASSWORD', 'Password for the new administrator: ');
await createAccount(
  async () => ({ username: options.username!, password, displayName: options.name!, role: 'system-admin' }),
  `Administrator "${options.username}" created.`,
);
