import { readFileSync } from 'node:fs';
import type { Migration } from '../db/migrate.ts';
import { contentHash, tableCounts, type SqlQuery } from './content-hash.ts';

/** What a backup holds, written at its head: restore checks the database it makes against it. */
export interface BackupManifest {
  senVersion: string;
  database: 'postgresql' | 'embedded';
  createdAt: string;
  /** The migration ledger (sen_migration) of the backed-up database, by name. */
  migrations: { name: string; checksum: string }[];
  tableCounts: Record<string, number>;
  /** See contentHash. */
  contentHash: string;
}

/** The part of a manifest read from the database itself; run inside one transaction so that all of it agrees. */
export type DatabaseState = Pick<BackupManifest, 'migrations' | 'tableCounts' | 'contentHash'>;

export class NotASenDatabaseError extends Error {}

export async function readDatabaseState(query: SqlQuery): Promise<DatabaseState> {
  const [ledger] = await query(`SELECT to_regclass('public.sen_migration') IS NOT NULL AS present`);
  if (!ledger.present) throw new NotASenDatabaseError('the database holds no Sen data (no sen_migration table)');
  const migrations = (await query('SELECT name, checksum FROM sen_migration ORDER BY name')) as BackupManifest['migrations'];
  return { migrations, tableCounts: await tableCounts(query), contentHash: await contentHash(query) };
}

export function senVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/**
 * Why this Sen cannot take the backup's data as it is, or undefined: its schema must be exactly the one this Sen
 * migrates to. Restoring at another level would leave a database this Sen cannot run, or one it would migrate before
 * anyone checked the restore.
 */
export function migrationMismatch(backup: BackupManifest['migrations'], shipped: readonly Migration[]): string | undefined {
  const known = new Map(shipped.map((migration) => [migration.name, migration.checksum]));
  const newer = backup.filter((migration) => !known.has(migration.name)).map((migration) => migration.name);
  if (newer.length) return `the backup is from a newer Sen (migrations ${newer.join(', ')} are unknown here): upgrade Sen first`;
  const changed = backup.filter((migration) => known.get(migration.name) !== migration.checksum).map((migration) => migration.name);
  if (changed.length) return `the backup's migrations ${changed.join(', ')} differ from this Sen's: restore with the Sen that made it`;
  const taken = new Set(backup.map((migration) => migration.name));
  const missing = shipped.filter((migration) => !taken.has(migration.name)).map((migration) => migration.name);
  if (missing.length) {
    return `the backup is from an older Sen (without migrations ${missing.join(', ')}): restore it with that Sen version, then upgrade`;
  }
  return undefined;
}

/** How the restored database differs from the backup's manifest: one line each, none when they agree. */
export function stateDifferences(manifest: DatabaseState, restored: DatabaseState): string[] {
  const differences: string[] = [];
  const tables = new Set([...Object.keys(manifest.tableCounts), ...Object.keys(restored.tableCounts)]);
  for (const table of [...tables].sort()) {
    const expected = manifest.tableCounts[table];
    const actual = restored.tableCounts[table];
    if (expected !== actual) differences.push(`table ${table}: ${actual ?? 'missing'} rows, the backup has ${expected ?? 'no such table'}`);
  }
  if (manifest.contentHash !== restored.contentHash) {
    differences.push(`content hash ${restored.contentHash}, the backup has ${manifest.contentHash}`);
  }
  return differences;
}
