import { mkdirSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.ts';

export type { PrismaClient };
export type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** Either the client or an open transaction: store functions take whichever the caller has. */
export type Db = PrismaClient | Transaction;

export interface Database {
  prisma: PrismaClient;
  kind: 'postgresql' | 'embedded';
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
    const adapter = new PrismaPg({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const prisma = new PrismaClient({ adapter, transactionOptions });
    return { prisma, kind: 'postgresql', close: () => prisma.$disconnect() };
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
