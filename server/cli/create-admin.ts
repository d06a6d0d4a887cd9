// npm run create-admin -- --username admin --name "Quản trị" (password from SEN_ADMIN_PASSWORD or asked for)
import { createInterface } from 'node:readline/promises';
import { commandOptions } from './args.ts';
import { openConfiguredDatabase } from './database.ts';
import { Users, UserInputError } from '../auth/users.ts';

const USAGE = 'npm run create-admin -- [--username admin] [--name "Full name"]   (password: SEN_ADMIN_PASSWORD or prompt)';
const options = commandOptions(USAGE, {
  username: { type: 'string', default: 'admin' },
  name: { type: 'string', default: 'Quản trị hệ thống' },
});

async function askPassword(): Promise<string> {
  if (process.env.SEN_ADMIN_PASSWORD) return process.env.SEN_ADMIN_PASSWORD;
  if (!process.stdin.isTTY) {
    console.error('Set SEN_ADMIN_PASSWORD or run in a terminal to type the password.');
    process.exit(2);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const password = await prompt.question('Password for the new administrator: ');
  prompt.close();
  return password;
}

const password = await askPassword();
const { database } = await openConfiguredDatabase();
try {
  await new Users(database.prisma).create({ username: options.username!, password, displayName: options.name!, role: 'system-admin' });
  console.log(`Administrator "${options.username}" created.`);
} catch (error) {
  if (error instanceof UserInputError) console.error(error.message);
  else if ((error as { code?: string }).code === 'P2002') console.error(`A user named "${options.username}" already exists.`);
  else throw error;
  process.exitCode = 1;
} finally {
  await database.close();
}
