import { ConfigError, loadConfig } from './config.ts';
import { startSen } from './start.ts';
import { logger } from './logger.ts';
import { DatabaseUnavailableError } from './db/client.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';

try {
  const config = loadConfig();
  const sen = await startSen(config);
  logger.info('Sen is running', {
    url: `http://localhost:${config.port}`,
    database: config.databaseUrl ? 'postgresql' : `embedded (${config.dataDir})`,
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info('stopping', { signal });
      sen.close().then(() => process.exit(0), (error) => {
        logger.error('stop failed', { error });
        process.exit(1);
      });
    });
  }
} catch (error) {
  if (error instanceof ConfigError) logger.error(`configuration: ${error.message}`);
  else if (error instanceof DatabaseUnavailableError || error instanceof DataDirInUseError) logger.error(error.message);
  else logger.error('Sen could not start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
