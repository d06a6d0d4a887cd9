import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';

/** The server's configuration (same environment variables); a bad setting ends the command with its message. */
export function loadCliConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`configuration: ${error.message}`);
    process.exit(2);
  }
}

/** Opens and migrates the database the server would use, for command-line tools. */
export async function openConfiguredDatabase(): Promise<{ config: Config; database: Database }> {
  const config = loadCliConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  await migrate(database.prisma);
  return { config, database };
}
