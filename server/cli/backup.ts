// npm run backup -- --out FILE
// Backs up the configured database (DATABASE_URL, or the embedded one under SEN_DATA_DIR) into one file with a
// manifest: Sen version, migrations, rows per table and a content hash, which `npm run restore` checks.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { commandOptions } from './args.ts';
import { loadCliConfig } from './database.ts';
import { openEmbedded } from '../db/client.ts';
import { NotASenDatabaseError, readDatabaseState, senVersion, type BackupManifest, type DatabaseState } from '../ops/backup-manifest.ts';
import { writeBackupFile } from '../ops/backup-file.ts';
import { pgClientQuery, pgliteQuery, runTool } from '../ops/sql-tools.ts';

const USAGE = 'npm run backup -- --out FILE';
const options = commandOptions(USAGE, { out: { type: 'string' } });
if (!options.out) {
  console.error(`--out is required\n\nUsage: ${USAGE}`);
  process.exit(2);
}
const out = resolve(options.out);

/**
 * pg_dump and the manifest read the same snapshot: a repeatable-read transaction exports it, pg_dump takes it, and the
 * counts and hash are read in that transaction while it stays open.
 */
async function backupPostgresql(databaseUrl: string, payloadFile: string): Promise<DatabaseState> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const query = pgClientQuery(client);
    const state = await readDatabaseState(query);
    const [{ snapshot }] = await query('SELECT pg_export_snapshot() AS snapshot');
    await runTool('pg_dump', ['--format=custom', `--snapshot=${String(snapshot)}`, `--file=${payloadFile}`, `--dbname=${databaseUrl}`]);
    await client.query('COMMIT');
    return state;
  } finally {
    await client.end();
  }
}

/** Opening the directory takes the same lock the server holds, so nothing writes while it is copied. */
async function backupEmbedded(dataDir: string, payloadFile: string): Promise<DatabaseState> {
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) throw new NotASenDatabaseError(`there is no embedded database in ${dataDir}`);
  const embedded = await openEmbedded(dataDir);
  try {
    const state = await embedded.pglite.transaction((tx) => readDatabaseState(pgliteQuery(tx)));
    const tarball = await embedded.pglite.dumpDataDir('gzip');
    writeFileSync(payloadFile, Buffer.from(await tarball.arrayBuffer()));
    return state;
  } finally {
    await embedded.close();
  }
}

const config = loadCliConfig();
if (config.dataDir.startsWith('memory://') && !config.databaseUrl) {
  console.error('Backup failed: the embedded database is in memory (SEN_DATA_DIR=memory://); there is nothing to back up');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'sen-backup-'));
try {
  const payloadFile = join(work, 'payload');
  const createdAt = new Date().toISOString();
  const state = config.databaseUrl ? await backupPostgresql(config.databaseUrl, payloadFile) : await backupEmbedded(config.dataDir, payloadFile);
  const manifest: BackupManifest = { senVersion: senVersion(), database: config.databaseUrl ? 'postgresql' : 'embedded', createdAt, ...state };
  const header = await writeBackupFile(out, manifest, payloadFile);
  const rows = Object.values(state.tableCounts).reduce((sum, n) => sum + n, 0);
  console.log(`Backed up the ${manifest.database} database to ${out}: ${Object.keys(state.tableCounts).length} tables, ${rows} rows, `
    + `${state.tableCounts.resource ?? 0} resources, ${header.payload.bytes} bytes; content hash ${state.contentHash}`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
