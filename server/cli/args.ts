import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Parses `--name value` options of a command-line tool; a wrong option ends the tool with its usage. */
export function commandOptions<T extends NonNullable<ParseArgsConfig['options']>>(usage: string, options: T) {
  try {
    return parseArgs({ options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\nUsage: ${usage}`);
    process.exit(2);
  }
}
