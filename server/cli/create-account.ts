// What create-admin and create-user share: open the configured database, create the account and say in one line
// what happened (a taken username or a rule the input breaks is a message, not a stack trace).
import { openConfiguredDatabase } from './database.ts';
import { Users, UserInputError, type NewUser } from '../auth/users.ts';
import type { Database } from '../db/client.ts';

/** `prepare` may check the input against the database and throw UserInputError. */
export async function createAccount(prepare: (database: Database) => Promise<NewUser>, createdMessage: string): Promise<void> {
  const { database } = await openConfiguredDatabase();
  let username = '';
  try {
    const user = await prepare(database);
    username = user.username;
    await new Users(database.prisma).create(user);
    console.log(createdMessage);
  } catch (error) {
    if (error instanceof UserInputError) console.error(error.message);
    else if ((error as { code?: string }).code === 'P2002') console.error(`A user named "${username}" already exists.`);
    else throw error;
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
