import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../server/db/client.ts';
import { loadConfig } from '../../../server/config.ts';
import { startSen } from '../../../server/start.ts';
import { createTestDatabase, databaseKinds } from '../../support/test-database.ts';
import { runCli } from './run-cli.ts';

for (const kind of databaseKinds()) {
  describe(`Command-line tools (${kind})`, () => {
    test('npm run gen writes patients with visits whose every reference resolves; indicators:recount finds the figures kept', async () => {
      const dir = kind === 'embedded' ? mkdtempSync(join(tmpdir(), 'sen-gen-')) : undefined;
      const database = await createTestDatabase(kind, dir);
      // The CLI and the test take turns: the embedded database has one user at a time.
      const countByType = async (): Promise<Record<string, number>> => {
        const db = await openDatabase({ databaseUrl: database.env.DATABASE_URL, dataDir: dir });
        try {
          const counts = await db.prisma.$queryRaw<{ resource_type: string; n: number }[]>`
            SELECT resource_type, count(*)::int AS n FROM resource GROUP BY resource_type`;
          return Object.fromEntries(counts.map((row) => [row.resource_type, row.n]));
        } finally {
          await db.close();
        }
      };
      try {
        const result = await runCli('gen', ['--patients', '20', '--seed', '7'], database.env);
        assert.equal(result.code, 0, result.stderr);
        const byType = await countByType();
        const db = await openDatabase({ databaseUrl: database.env.DATABASE_URL, dataDir: dir });
        try {
          assert.equal(byType.Patient, 20);
          assert.ok(byType.Encounter >= 20, 'every patient has at least one visit');
          assert.ok(byType.Observation > 0 && byType.Condition > 0 && byType.MedicationRequest > 0);
          assert.equal(byType.Organization >= 3, true, 'a district centre and two stations');
          const dangling = await db.prisma.$queryRaw<{ ref: string }[]>`
            SELECT DISTINCT m[1] || '/' || m[2] AS ref
            FROM resource, regexp_matches(content, '"reference":"([A-Za-z]+)/([A-Za-z0-9.-]+)"', 'g') AS m
            WHERE NOT EXISTS (SELECT 1 FROM resource t WHERE t.resource_type = m[1] AND t.id = m[2])`;
          assert.deepEqual(dangling, []);
        } finally {
          await db.close();
        }
        // More patients, only their registration data (the desk's benchmark data set).
        const again = await runCli('gen', ['--patients', '5', '--seed', '7', '--from', '20', '--types', 'Patient,Coverage'], database.env);
        assert.equal(again.code, 0, again.stderr);
        const after = await countByType();
        assert.equal(after.Patient, 25);
        assert.ok(after.Coverage > byType.Coverage);
        assert.equal(after.Encounter, byType.Encounter, 'no visits for the patients added with --types');
        // The indicator facts the generator's writes kept are what a recount from the resources makes.
        const facts = async () => {
          const db = await openDatabase({ databaseUrl: database.env.DATABASE_URL, dataDir: dir });
          try {
            return await db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM indicator_fact`;
          } finally {
            await db.close();
          }
        };
        const kept = await facts();
        assert.ok(kept[0].n > after.Encounter);
        const recount = await runCli('indicators-recount', [], database.env);
        assert.equal(recount.code, 0, recount.stderr);
        assert.match(recount.stdout, new RegExp(`Encounter: ${after.Encounter} resources counted`));
        assert.deepEqual(await facts(), kept);
      } finally {
        await database.drop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });

    test('npm run create-admin refuses a weak password and creates an administrator who can sign in', async () => {
      const dir = kind === 'embedded' ? mkdtempSync(join(tmpdir(), 'sen-admin-')) : undefined;
      const database = await createTestDatabase(kind, dir);
      try {
        const weak = await runCli('create-admin', ['--username', 'quantri'], { ...database.env, SEN_ADMIN_PASSWORD: 'short' });
        assert.equal(weak.code, 1);
        assert.match(weak.stderr, /at least 10 characters/);
        const strong = await runCli('create-admin', ['--username', 'quantri'], { ...database.env, SEN_ADMIN_PASSWORD: 'Tram-Y-Te-2026' });
        assert.equal(strong.code, 0, strong.stderr);
        const sen = await startSen(loadConfig({ PORT: '0', HOST: '127.0.0.1', SEN_DEMO: '0', SEN_SERVE_WEB: '0', ...database.env }));
        try {
          const login = await fetch(`${sen.url}/auth/login`, {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: 'quantri', password: 'Tram-Y-Te-2026' }),
          });
          assert.equal(login.status, 200);
        } finally {
          await sen.close();
        }
      } finally {
        await database.drop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
