import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { AuditTrail } from '../../../server/audit/audit-trail.ts';
import { restAuditEntry } from '../../../server/audit/audit-event.ts';
import { verifyAuditChain } from '../../../server/audit/verify-chain.ts';

const identity = { kind: 'user' as const, userId: 'u1', username: 'bacsi', role: 'doctor' as const, facilityId: 'f', practitionerId: null, scope: 'user/*.*' };
const entry = (patient: string) =>
  restAuditEntry({ actor: { identity, address: '10.0.0.1' }, interaction: 'read', status: 200, patients: [patient], resources: [], emergency: false });

for (const kind of databaseKinds()) {
  describe(`Audit write-behind (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('two writers (two Sen processes) interleaving timed and forced flushes write every entry once, in one valid chain', async () => {
      const prisma = server.sen.context.database.prisma;
      await server.sen.context.audit.flush();
      const [{ n: before }] = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_event`;
      const writers = [new AuditTrail(prisma, { batchSize: 7, flushDelayMs: 1 }), new AuditTrail(prisma, { batchSize: 5, flushDelayMs: 2 })];
      const recorded: string[][] = [[], []];
      await Promise.all(writers.map(async (writer, w) => {
        for (let round = 0; round < 30; round++) {
          for (let i = 0; i < 11; i++) {
            const e = entry(`p-${w}-${round}-${i}`);
            recorded[w].push(e.id);
            writer.record(e);
          }
          if (round % 4 === 0) await writer.flush();
          else await new Promise((resolve) => setTimeout(resolve, Math.random() * 6));
        }
        await writer.close();
      }));
      const rows = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM audit_event ORDER BY seq`;
      assert.equal(rows.length - before, 660);
      for (const ids of recorded) {
        const order = rows.map((row) => row.id).filter((id) => ids.includes(id));
        assert.deepEqual(order, ids, 'each writer\'s entries are stored once each, in the order recorded');
      }
      assert.deepEqual((await verifyAuditChain(prisma)).problems, []);
    });
  });
}
