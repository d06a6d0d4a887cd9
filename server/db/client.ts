import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.ts';
import { lockDataDir } from './data-dir-lock.ts';

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

export class DatabaseUnavailableError extends Error {}

/** The connection string without its password, to name the database in a message. */
function withoutPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

/**
 * Fails with one line that names DATABASE_URL when the database cannot be used (host unreachable, no such database,
 * role refused), so that a wrong setting is told apart from a fault of Sen.
 */
export async function checkConnection(databaseUrl: string): Promise<void> {
  // A plain connection rather than the pool: its errors are PostgreSQL's own words, without Prisma's wrapping.
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(`cannot use the database in DATABASE_URL (${withoutPassword(databaseUrl)}): ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }
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
  const embedded = await openEmbedded(options.dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(embedded.pglite), transactionOptions });
  return {
    prisma,
    kind: 'embedded',
    close: async () => {
      await prisma.$disconnect();
      await embedded.close();
    },
  };
}

export interface EmbeddedDatabase {
  pglite: PGlite;
  close(): Promise<void>;
}

/**
 * Opens the embedded database in `dataDir` (undefined or memory://: in memory) for this process alone, refusing a
 * directory another process has open. `loadDataDir`: a data directory tarball to start from (a restore).
 */
export async function openEmbedded(dataDir: string | undefined, loadDataDir?: Blob): Promise<EmbeddedDatabase> {
  const onDisk = dataDir !== undefined && !dataDir.startsWith('memory://');
  if (onDisk) mkdirSync(dataDir, { recursive: true });
  const release = onDisk ? lockDataDir(dataDir) : () => undefined;
  try {
    const pglite = new PGlite({ dataDir, loadDataDir });
    await pglite.waitReady;
    return {
      pglite,
      close: async () => {
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
