import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../../server/config.ts';
import { startSen, type RunningSen } from '../../../server/start.ts';
import { openEmbedded } from '../../../server/db/client.ts';
import { readDatabaseState, type DatabaseState } from '../../../server/ops/backup-manifest.ts';
import { pgClientQuery, pgliteQuery } from '../../../server/ops/sql-tools.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../support/test-database.ts';
import { bearerFetch, TEST_PASSWORD } from '../../support/sen-server.ts';
import { runCli } from '../cli/run-cli.ts';

/** Rows per table and content hash of a database no server has open, read the way backup and restore read them. */
async function databaseState(env: Record<string, string>): Promise<DatabaseState> {
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      await client.query('BEGIN');
      return await readDatabaseState(pgClientQuery(client));
    } finally {
      await client.end();
    }
  }
  const embedded = await openEmbedded(env.SEN_DATA_DIR);
  try {
    return await embedded.pglite.transaction((tx) => readDatabaseState(pgliteQuery(tx)));
  } finally {
    await embedded.close();
  }
}

function flipByte(file: string, position: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.from([0x5a]), 0, 1, position);
  } finally {
    closeSync(fd);
  }
}

/** A Sen server on `database`, with a fetch signed in as its administrator (created first when asked). */
async function startOn(database: TestDatabase, createAdmin: boolean): Promise<{ sen: RunningSen; request: ReturnType<typeof bearerFetch> }> {
  const sen = await startSen(loadConfig({ PORT: '0', HOST: '127.0.0.1', SEN_DEMO: '0', SEN_SERVE_WEB: '0', ...database.env }));
  if (createAdmin) await sen.context.users.create({ username: 'admin', password: TEST_PASSWORD, displayName: 'Admin', role: 'system-admin' });
  const login = await fetch(`${sen.url}/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
  });
  assert.equal(login.status, 200);
  return { sen, request: bearerFetch(sen.url, ((await login.json()) as { access_token: string }).access_token) };
}

const patient = (family: string, given: string) => ({ resourceType: 'Patient', name: [{ family, given: [given] }], gender: 'female' });

for (const kind of databaseKinds()) {
  describe(`Backup and restore (${kind})`, () => {
    test('a restore reproduces every table and the content hash, and Sen serves the restored records', async () => {
      const work = mkdtempSync(join(tmpdir(), 'sen-backup-test-'));
      const sourceDir = kind === 'embedded' ? join(work, 'source') : undefined;
      const targetDir = kind === 'embedded' ? join(work, 'target') : undefined;
      const backupFile = join(work, 'sen.backup');
      const source = await createTestDatabase(kind, sourceDir);
      let target: TestDatabase | undefined;
      const server = await startOn(source, true);
      let running = true;
      try {
        const created = await server.request('/fhir/R4/Patient', { method: 'POST', json: patient('Nguyễn', 'Lan') });
        assert.equal(created.status, 201);
        const lan = (await created.json()) as { id: string };
        const updated = await server.request(`/fhir/R4/Patient/${lan.id}`, { method: 'PUT', json: { ...patient('Nguyễn', 'Thị Lan'), id: lan.id } });
        assert.equal(updated.status, 200);
        const bundle = await server.request('/fhir/R4', {
          method: 'POST',
          json: {
            resourceType: 'Bundle', type: 'transaction',
            entry: [
              { fullUrl: 'urn:uuid:7c1f0d2e-0000-4000-8000-000000000001', resource: patient('Trần', 'Minh'), request: { method: 'POST', url: 'Patient' } },
              {
                resource: { resourceType: 'Observation', status: 'final', code: { text: 'Mạch' }, subject: { reference: 'urn:uuid:7c1f0d2e-0000-4000-8000-000000000001' }, valueQuantity: { value: 72, unit: '/min' } },
                request: { method: 'POST', url: 'Observation' },
              },
            ],
          },
        });
        assert.equal(bundle.status, 200);
        const gone = (await (await server.request('/fhir/R4/Patient', { method: 'POST', json: patient('Lê', 'Hoa') })).json()) as { id: string };
        assert.equal((await server.request(`/fhir/R4/Patient/${gone.id}`, { method: 'DELETE' })).status, 200);

        // The embedded database belongs to the running server: a backup now is refused rather than copied mid-write.
        const env = source.env;
        if (kind === 'embedded') {
          const busy = await runCli('backup', ['--out', backupFile], env);
          assert.equal(busy.code, 1);
          assert.match(busy.stderr, /in use by process \d+ \(stop Sen first\)/);
        }
        await server.sen.close();
        running = false;
        const sourceState = await databaseState(env);
        assert.ok(sourceState.tableCounts.resource_history >= 5 && sourceState.tableCounts.audit_event > 0);

        const backup = await runCli('backup', ['--out', backupFile], env);
        assert.equal(backup.code, 0, backup.stderr);
        assert.match(backup.stdout, new RegExp(`content hash ${sourceState.contentHash}`));

        target = await createTestDatabase(kind, targetDir);
        const restore = await runCli('restore', ['--from', backupFile], target.env);
        assert.equal(restore.code, 0, restore.stderr);
        assert.match(restore.stdout, /rows per table and content hash [0-9a-f]{64} match the backup/);
        assert.deepEqual(await databaseState(target.env), sourceState);

        const again = await runCli('restore', ['--from', backupFile], target.env);
        assert.equal(again.code, 1);
        assert.match(again.stderr, /^Restore refused: .*(not empty|already holds a database).*--force/m);

        const { sen, request } = await startOn(target, false);
        try {
          const read = await request(`/fhir/R4/Patient/${lan.id}`);
          assert.equal(read.status, 200);
          const body = (await read.json()) as { name: { given: string[] }[]; meta: { versionId: string } };
          assert.deepEqual(body.name[0].given, ['Thị Lan']);
          assert.equal(body.meta.versionId, '2');
          const history = (await (await request(`/fhir/R4/Patient/${lan.id}/_history`)).json()) as { total: number };
          assert.equal(history.total, 2);
          assert.equal((await request(`/fhir/R4/Patient/${gone.id}`)).status, 410);
        } finally {
          await sen.close();
        }
      } finally {
        if (running) await server.sen.close();
        await source.drop();
        await target?.drop();
        rmSync(work, { recursive: true, force: true });
      }
    });

    test('a damaged backup file, or one from another Sen version, is refused before anything is restored', async () => {
      const work = mkdtempSync(join(tmpdir(), 'sen-backup-test-'));
      const sourceDir = kind === 'embedded' ? join(work, 'source') : undefined;
      const targetDir = kind === 'embedded' ? join(work, 'target') : undefined;
      const source = await createTestDatabase(kind, sourceDir);
      await (await startSen(loadConfig({ PORT: '0', HOST: '127.0.0.1', SEN_DEMO: '0', SEN_SERVE_WEB: '0', ...source.env }))).close();
      const env = source.env;
      let target: TestDatabase | undefined;
      try {
        const backupFile = join(work, 'sen.backup');
        const backup = await runCli('backup', ['--out', backupFile], env);
        assert.equal(backup.code, 0, backup.stderr);
        target = await createTestDatabase(kind, targetDir);

        const altered = join(work, 'altered.backup');
        copyFileSync(backupFile, altered);
        flipByte(altered, statSync(altered).size - 100);
        const restoreAltered = await runCli('restore', ['--from', altered], target.env);
        assert.equal(restoreAltered.code, 1);
        assert.match(restoreAltered.stderr, /^Restore refused: .*altered\.backup is damaged: its data does not match the checksum/m);

        const truncated = join(work, 'truncated.backup');
        copyFileSync(backupFile, truncated);
        truncateSync(truncated, statSync(truncated).size - 1000);
        const restoreTruncated = await runCli('restore', ['--from', truncated], target.env);
        assert.equal(restoreTruncated.code, 1);
        assert.match(restoreTruncated.stderr, /is damaged: \d+ bytes of data where the backup wrote \d+/);

        // The same data with a manifest from a later Sen: the payload is intact, the migration level is not this Sen's.
        const newer = join(work, 'newer.backup');
        const content = readFileSync(backupFile);
        const manifestEnd = content.indexOf('\n', content.indexOf('\n') + 1);
        const manifest = JSON.parse(content.subarray(content.indexOf('\n') + 1, manifestEnd).toString()) as { migrations: unknown[] };
        manifest.migrations.push({ name: '9999_from_the_future', checksum: '0' });
        writeFileSync(newer, Buffer.concat([Buffer.from(`SEN-BACKUP 1\n${JSON.stringify(manifest)}`), content.subarray(manifestEnd)]));
        const restoreNewer = await runCli('restore', ['--from', newer], target.env);
        assert.equal(restoreNewer.code, 1);
        assert.match(restoreNewer.stderr, /^Restore refused: the backup is from a newer Sen \(migrations 9999_from_the_future are unknown here\): upgrade Sen first/m);

        const notABackup = join(work, 'notes.txt');
        writeFileSync(notABackup, 'not a backup');
        assert.match((await runCli('restore', ['--from', notABackup], target.env)).stderr, /notes\.txt is not a Sen backup/);

        if (targetDir) assert.ok(!existsSync(targetDir) || readdirSync(targetDir).length === 0, 'nothing written');
        else assert.equal((await runCli('restore', ['--from', backupFile], target.env)).code, 0, 'the target stayed empty');
      } finally {
        await source.drop();
        await target?.drop();
        rmSync(work, { recursive: true, force: true });
      }
    });
  });
}
