import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../server/db/client.ts';
import { listMigrations, migrate, migrationsComplete } from '../../../server/db/migrate.ts';
import { createTestDatabase, databaseKinds } from '../../support/test-database.ts';

for (const kind of databaseKinds()) {
  describe(`Migrations (${kind})`, () => {
    test('two servers migrating at once apply each migration exactly once', async () => {
      const database = await createTestDatabase(kind);
      const url = database.env.DATABASE_URL;
      const a = await openDatabase({ databaseUrl: url });
      const b = url ? await openDatabase({ databaseUrl: url }) : a;
      try {
        const [first, second] = await Promise.all([migrate(a.prisma), migrate(b.prisma)]);
        assert.deepEqual([...first, ...second].sort(), listMigrations().map((m) => m.name).sort());
        assert.equal(await migrationsComplete(a.prisma), true);
        assert.deepEqual(await migrate(a.prisma), []);
      } finally {
        await a.close();
        if (b !== a) await b.close();
        await database.drop();
      }
    });

    test('a migration edited after it was applied stops the start with a clear message', async () => {
      const database = await createTestDatabase(kind);
      const db = await openDatabase({ databaseUrl: database.env.DATABASE_URL });
      try {
        await migrate(db.prisma);
        const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
        await assert.rejects(migrate(db.prisma, edited), /was changed after it was applied/);
      } finally {
        await db.close();
        await database.drop();
      }
    });
  });
}
