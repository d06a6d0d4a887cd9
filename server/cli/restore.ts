// npm run restore -- --from FILE [--force]
// Restores a backup made by `npm run backup` into the configured database, which must be empty (--force: Sen's data
// in it is deleted first: PostgreSQL's public schema, or the embedded data directory), then checks rows per table and
// the content hash against the backup's manifest.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { commandOptions } from './args.ts';
import { loadCliConfig } from './database.ts';
import { openEmbedded } from '../db/client.ts';
import { lockDataDir } from '../db/data-dir-lock.ts';
import { listMigrations } from '../db/migrate.ts';
import { migrationMismatch, readDatabaseState, stateDifferences, type DatabaseState } from '../ops/backup-manifest.ts';
import { BackupFileError, extractPayload, readBackupFile } from '../ops/backup-file.ts';
import { pgClientQuery, pgliteQuery, runTool } from '../ops/sql-tools.ts';

const USAGE = 'npm run restore -- --from FILE [--force]';
const options = commandOptions(USAGE, { from: { type: 'string' }, force: { type: 'boolean', default: false } });
if (!options.from) {
  console.error(`--from is required\n\nUsage: ${USAGE}`);
  process.exit(2);
}
const from = resolve(options.from);

/** A refusal before anything was written: the message says what to do. */
class Refusal extends Error {}

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function restorePostgresql(databaseUrl: string, payloadFile: string): Promise<DatabaseState> {
  await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg_toast%'`);
    if (rows[0].n === 0) return;
    if (!options.force) {
      throw new Refusal(`the target database is not empty (${rows[0].n} tables, views or sequences): restore into a new empty `
        + 'database (createdb), or pass --force to delete its public schema, where Sen keeps everything, first');
    }
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  });
  // One transaction: a restore that fails part-way leaves the database empty, not half-filled.
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${databaseUrl}`, payloadFile]);
  return withClient(databaseUrl, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const state = await readDatabaseState(pgClientQuery(client));
    await client.query('COMMIT');
    return state;
  });
}

async function restoreEmbedded(dataDir: string, payloadFile: string): Promise<DatabaseState> {
  // Held from the check to the end, so that a server cannot open the directory half-way.
  const release = lockDataDir(dataDir);
  try {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      if (!options.force) {
        throw new Refusal(`${dataDir} already holds a database: restore into an empty or new SEN_DATA_DIR, or pass --force to delete this one first`);
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
    const embedded = await openEmbedded(dataDir, new Blob([readFileSync(payloadFile)]));
    try {
      return await embedded.pglite.transaction((tx) => readDatabaseState(pgliteQuery(tx)));
    } finally {
      await embedded.close();
    }
  } finally {
    release();
  }
}

const config = loadCliConfig();
const target = config.databaseUrl ? 'postgresql' : 'embedded';
const work = mkdtempSync(join(tmpdir(), 'sen-restore-'));
try {
  const { header, payloadOffset } = await readBackupFile(from);
  if (header.database !== target) {
    throw new Refusal(`this is a backup of ${header.database === 'postgresql' ? 'a PostgreSQL' : 'an embedded'} database; `
      + (header.database === 'postgresql' ? 'set DATABASE_URL to the empty database to restore into' : 'unset DATABASE_URL and set SEN_DATA_DIR'));
  }
  if (target === 'embedded' && config.dataDir.startsWith('memory://')) throw new Refusal('SEN_DATA_DIR is memory://: give a directory to restore into');
  const mismatch = migrationMismatch(header.migrations, listMigrations());
  if (mismatch) throw new Refusal(mismatch);
  const payloadFile = join(work, 'payload');
  await extractPayload(from, payloadOffset, payloadFile);
  const restored = config.databaseUrl ? await restorePostgresql(config.databaseUrl, payloadFile) : await restoreEmbedded(config.dataDir, payloadFile);
  const differences = stateDifferences(header, restored);
  if (differences.length) {
    console.error(`Restore check FAILED: the restored database differs from the backup:\n  ${differences.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`Restored the backup of ${header.createdAt} (Sen ${header.senVersion}): ${Object.keys(restored.tableCounts).length} tables, `
      + `${restored.tableCounts.resource ?? 0} resources; rows per table and content hash ${restored.contentHash} match the backup`);
  }
} catch (error) {
  const refused = error instanceof Refusal || error instanceof BackupFileError;
  console.error(`Restore ${refused ? 'refused' : 'failed'}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
