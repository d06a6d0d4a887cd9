import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from './client.ts';
import { splitSqlStatements } from './split-sql.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));
// Any fixed number: every Sen process that migrates takes this transaction-level advisory lock first.
const MIGRATION_LOCK_KEY = 7_340_2025;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {}

/**
 * Applies pending migrations in one transaction under an advisory lock, so that two servers starting together
 * cannot both migrate and a failed migration leaves the schema as it was. Returns the names it applied.
 */
export async function migrate(prisma: PrismaClient, migrations = listMigrations()): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS sen_migration (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = await tx.$queryRaw<{ name: string; checksum: string }[]>`SELECT name, checksum FROM sen_migration`;
    const known = new Map(applied.map((row) => [row.name, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = known.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      for (const statement of splitSqlStatements(migration.sql)) await tx.$executeRawUnsafe(statement);
      await tx.$executeRaw`INSERT INTO sen_migration (name, checksum) VALUES (${migration.name}, ${migration.checksum})`;
      done.push(migration.name);
    }
    return done;
  });
}

/** True when every migration shipped with this build has been applied (used by /readyz). */
export async function migrationsComplete(prisma: PrismaClient, migrations = listMigrations()): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ name: string }[]>`SELECT name FROM sen_migration`;
  const applied = new Set(rows.map((row) => row.name));
  return migrations.every((migration) => applied.has(migration.name));
}
