import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { checkConnection, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createContext, type AppContext } from './context.ts';
import { createApp } from './http/app.ts';
import { seedDemoIfEmpty } from './seed/demo.ts';
import { seedStarterCatalogues } from './seed/starter-catalogue.ts';
import { startDemoNationalSystem } from './seed/demo-national-system.ts';
import type { NationalPrescriptionConfig } from './adapters/national-prescription/config.ts';
import { NationalPrescriptionClient } from './adapters/national-prescription/client.ts';
import { nationalPrescriptionHandler } from './adapters/national-prescription/sender.ts';
import { OutboxWorker } from './workers/outbox.ts';
import type { PrismaClient } from './db/client.ts';
import { logger } from './logger.ts';

export interface RunningSen {
  url: string;
  context: AppContext;
  close(): Promise<void>;
}

/** Delivers signed prescriptions to the national system (the outbox worker with its handler). */
function nationalPrescriptionWorker(prisma: PrismaClient, national: NationalPrescriptionConfig, pollIntervalMs: number): OutboxWorker {
  return new OutboxWorker(prisma, {
    handlers: [nationalPrescriptionHandler(new NationalPrescriptionClient(national))],
    deliveryTimeoutMs: national.requestTimeoutMs,
    pollIntervalMs,
  });
}

/**
 * Opens the database, migrates it, seeds the demo when asked, starts delivering to the national prescription system
 * (configured, or in the demo a local simulator; neither: signed prescriptions stay queued), and answers HTTP.
 */
export async function startSen(config: Config): Promise<RunningSen> {
  if (config.databaseUrl) await checkConnection(config.databaseUrl);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    poolSize: config.databasePoolSize,
  });
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const applied = await migrate(database.prisma);
    if (applied.length) logger.info('database migrated', { applied });
    let national = config.nationalPrescription;
    if (!national && config.demo) {
      const simulator = await startDemoNationalSystem();
      cleanups.push(simulator.close);
      national = simulator.config;
    }
    const outbox = national ? nationalPrescriptionWorker(database.prisma, national, config.outboxPollMs) : undefined;
    const context = await createContext(config, database, outbox);
    if (config.demo) {
      await seedDemoIfEmpty(context);
      await seedStarterCatalogues(context);
    }
    if (outbox) {
      outbox.start();
      cleanups.unshift(() => outbox.stop());
    }
    const server = createApp(context).listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    server.keepAliveTimeout = 65_000;
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, context, close: () => stop(server, cleanups, () => context.audit.close(), database.close) };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Stops accepting, lets in-flight requests finish, stops the outbox worker (a delivery in flight is recorded as
 * interrupted and due again at the next start) and the demo simulator, writes the audit entries still queued, then
 * closes the database.
 */
async function stop(server: Server, cleanups: readonly (() => Promise<void>)[], flushAudit: () => Promise<void>, closeDatabase: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  for (const cleanup of cleanups) await cleanup();
  await flushAudit();
  await closeDatabase();
}
