import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrescriptionCode } from '../../../fhir/identifiers/prescription-code.ts';
import { openDatabase } from '../../../server/db/client.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { allocatePrescriptionCode } from '../../../server/services/prescription-codes.ts';
import { createTestDatabase, databaseKinds } from '../../support/test-database.ts';

for (const kind of databaseKinds()) {
  describe(`National prescription codes (${kind})`, () => {
    test('concurrent signings get distinct codes of their facility and type; facilities count apart', async () => {
      const test = await createTestDatabase(kind);
      const database = await openDatabase({ databaseUrl: test.env.DATABASE_URL });
      try {
        await migrate(database.prisma);
        const codes = await Promise.all(
          Array.from({ length: 40 }, (_, i) => database.prisma.$transaction((tx) => allocatePrescriptionCode(tx, '01234', i % 4 === 0 ? 'n' : 'c'))),
        );
        assert.equal(new Set(codes.map((code) => parsePrescriptionCode(code)!.serial)).size, 40);
        assert.ok(codes.every((code) => parsePrescriptionCode(code)?.facilityCode === '01234'));
        assert.equal(codes.filter((code) => code.endsWith('-n')).length, 10);
        const other = await allocatePrescriptionCode(database.prisma, '79001', 'c');
        assert.equal(parsePrescriptionCode(other)!.serial, parsePrescriptionCode(await allocatePrescriptionCode(database.prisma, '01235', 'c'))!.serial);
      } finally {
        await database.close();
        await test.drop();
      }
    });

    test('a signing that rolls back gives its number back: no gap, no reuse of a committed code', async () => {
      const test = await createTestDatabase(kind);
      const database = await openDatabase({ databaseUrl: test.env.DATABASE_URL });
      try {
        await migrate(database.prisma);
        const first = await allocatePrescriptionCode(database.prisma, '01234', 'c');
        let rolledBack = '';
        await assert.rejects(
          database.prisma.$transaction(async (tx) => {
            rolledBack = await allocatePrescriptionCode(tx, '01234', 'c');
            throw new Error('signing failed');
          }),
        );
        const next = await allocatePrescriptionCode(database.prisma, '01234', 'c');
        assert.equal(next, rolledBack);
        assert.notEqual(next, first);
      } finally {
        await database.close();
        await test.drop();
      }
    });
  });
}
