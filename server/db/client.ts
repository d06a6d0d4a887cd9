import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.ts';

export type { PrismaClient };
export type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** Either the client or an open transaction: store functions take whichever the caller has. */
export type Db = PrismaClient | Transaction;

/** Connections of the PostgreSQL pool right now (for /metrics). */
export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  /** Queries waiting for a connection: the pool is too small, or connections are held too long. */
  waiting: number;
}

export interface Database {
  prisma: PrismaClient;
  kind: 'postgresql' | 'embedded';
  /** PostgreSQL only: the embedded database has one connection and no pool. */
  poolStats?: () => PoolStats;
  close(): Promise<void>;
}

// Waiting for the single embedded connection can take a while under load; a transaction is never abandoned for that.
const transactionOptions = { maxWait: 60_000, timeout: 120_000 };

export interface DatabaseOptions {
  databaseUrl?: string;
  /** Directory for the embedded database; undefined or memory:// keeps it in memory. */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const max = options.poolSize ?? 10;
    // Our own pool rather than the adapter's, to read its counts; the adapter still ends it on disconnect.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max });
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    const prisma = new PrismaClient({ adapter, transactionOptions });
    const poolStats = (): PoolStats => ({ max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { prisma, kind: 'postgresql', poolStats, close: () => prisma.$disconnect() };
  }
  if (options.dataDir && !options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const pglite = new PGlite(options.dataDir);
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions });
  return {
    prisma,
    kind: 'embedded',
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
