import { createInterface } from 'node:readline/promises';

/** A new account's password: from the environment variable (scripts, CI) or typed in a terminal. */
export async function askPassword(variable: string, question: string): Promise<string> {
  const fromEnvironment = process.env[variable];
  if (fromEnvironment) return fromEnvironment;
  if (!process.stdin.isTTY) {
    console.error(`Set ${variable} or run in a terminal to type the password.`);
    process.exit(2);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const password = await prompt.question(question);
  prompt.close();
  return password;
}
