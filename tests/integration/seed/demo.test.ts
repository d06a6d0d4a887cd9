import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../server/config.ts';
import { startSen, type RunningSen } from '../../../server/start.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../server/seed/demo.ts';
import { createTestDatabase, databaseKinds } from '../../support/test-database.ts';

async function countByType(sen: RunningSen): Promise<Record<string, number>> {
  const rows = await sen.context.database.prisma.$queryRaw<{ t: string; n: number }[]>`
    SELECT resource_type AS t, count(*)::int AS n FROM resource GROUP BY resource_type`;
  return Object.fromEntries(rows.map((row) => [row.t, row.n]));
}

for (const kind of databaseKinds()) {
  describe(`Demo data (${kind})`, () => {
    test('an empty database gets 50 patients, three facilities and a working account per role, once', async () => {
      const dir = kind === 'embedded' ? mkdtempSync(join(tmpdir(), 'sen-demo-')) : undefined;
      const database = await createTestDatabase(kind, dir);
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SEN_DEMO: '1', SEN_SERVE_WEB: '0', ...database.env });
      let first: Record<string, number>;
      const sen = await startSen(config);
      try {
        for (const account of DEMO_ACCOUNTS) {
          const login = await fetch(`${sen.url}/auth/login`, {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: account.username, password: DEMO_PASSWORD }),
          });
          assert.equal(login.status, 200, account.username);
        }
        for (const username of ['admin', 'tiepdon.xa1', 'bacsi.xa1', 'bacsi.xa2', 'bacsi.huyen', 'duocsi.xa1', 'soyte']) {
          assert.ok(DEMO_ACCOUNTS.some((account) => account.username === username), `the issue's demo user ${username}`);
        }
        first = await countByType(sen);
        assert.equal(first.Patient, 50);
        assert.ok(first.Encounter >= 50);
        const rows = await sen.context.database.prisma.$queryRaw<{ content: string }[]>`
          SELECT content FROM resource WHERE resource_type = 'Organization'`;
        const names = rows.map((row) => JSON.parse(row.content).name as string);
        assert.equal(names.filter((name) => /^Trung tâm Y tế/.test(name)).length, 1, names.join(', '));
        assert.equal(names.filter((name) => /^Trạm Y tế/.test(name)).length, 2, names.join(', '));
      } finally {
        await sen.close();
      }
      const again = await startSen(config);
      try {
        assert.deepEqual(await countByType(again), first, 'a second start adds nothing');
      } finally {
        await again.close();
        await database.drop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
