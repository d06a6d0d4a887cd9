import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createContext, type AppContext } from './context.ts';
import { createApp } from './http/app.ts';
import { seedDemoIfEmpty } from './seed/demo.ts';
import { logger } from './logger.ts';

export interface RunningSen {
  url: string;
  context: AppContext;
  close(): Promise<void>;
}

/** Opens the database, migrates it, seeds the demo when asked, and starts answering HTTP. */
export async function startSen(config: Config): Promise<RunningSen> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    poolSize: config.databasePoolSize,
  });
  try {
    const applied = await migrate(database.prisma);
    if (applied.length) logger.info('database migrated', { applied });
    const context = await createContext(config, database);
    if (config.demo) await seedDemoIfEmpty(context);
    const server = createApp(context).listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    server.keepAliveTimeout = 65_000;
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, context, close: () => stop(server, database.close) };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** Stops accepting, lets in-flight requests finish, then closes the database. */
async function stop(server: Server, closeDatabase: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await closeDatabase();
}
