import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { enqueueNationalPrescription, nationalPrescriptionKey } from '../../../server/adapters/national-prescription/sender.ts';
import type { NationalPrescriptionSimulator } from '../../../server/adapters/national-prescription/simulator.ts';
import { findOutboxMessage, outboxAttempts, type OutboxEntry } from '../../../server/workers/outbox.ts';
import { FIXTURE_DOCTOR_LINK_CODE } from '../../support/prescription-fixture.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { crashWorkerMidFlight, nationalWorker, newSimulator, prescriptionMessage, reopenableDatabase, waitFor, type ReopenableDatabase } from './harness.ts';

for (const kind of databaseKinds()) {
  describe(`Outbox to the national prescription system (${kind})`, () => {
    let db: ReopenableDatabase;
    let simulator: NationalPrescriptionSimulator;
    let server: { url: string; close(): Promise<void> };
    let counter = 0;

    before(async () => {
      db = await reopenableDatabase(kind);
      simulator = newSimulator();
      server = await simulator.listen();
    });
    after(async () => {
      await server.close();
      await db.close();
    });

    /** A new prescription queued in its own transaction, as signing will. */
    async function queue(): Promise<string> {
      const message = prescriptionMessage(++counter);
      await db.current.prisma.$transaction((tx) => enqueueNationalPrescription(tx, message));
      return message.prescription.ma_don_thuoc;
    }

    const entry = async (code: string): Promise<OutboxEntry> => (await findOutboxMessage(db.current.prisma, nationalPrescriptionKey(code)))!;
    const settled = (code: string) => async () => ['delivered', 'failed'].includes((await entry(code)).status);
    const acceptedCount = (code: string) => simulator.received.filter((request) => request.code === code && request.status === 200).length;

    test('a prescription is delivered once, with the peer’s receipt kept', async () => {
      const code = await queue();
      const worker = nationalWorker(db.current, server.url);
      worker.start();
      try {
        await waitFor(settled(code), 'delivery');
      } finally {
        await worker.stop();
      }
      const delivered = await entry(code);
      assert.equal(delivered.status, 'delivered');
      assert.equal(delivered.attempts, 1);
      assert.deepEqual(delivered.result, { checksum: simulator.accepted.get(code)!.checksum });
      assert.equal(simulator.accepted.get(code)!.doctorLinkCode, FIXTURE_DOCTOR_LINK_CODE, 'sent under the prescribing doctor’s sign-in');
      assert.ok(delivered.deliveredAt);
      assert.equal(acceptedCount(code), 1);
    });

    test('during an outage (5xx) it retries with growing delays, then delivers exactly once', async () => {
      simulator.failNext(3, 503);
      const code = await queue();
      const worker = nationalWorker(db.current, server.url);
      worker.start();
      try {
        await waitFor(settled(code), 'delivery after the outage');
      } finally {
        await worker.stop();
      }
      const delivered = await entry(code);
      assert.equal(delivered.status, 'delivered');
      assert.equal(delivered.attempts, 4);
      const attempts = await outboxAttempts(db.current.prisma, delivered.id);
      assert.deepEqual(attempts.map((attempt) => [attempt.outcome, attempt.httpStatus]), [
        ['retry', 503],
        ['retry', 503],
        ['retry', 503],
        ['delivered', 200],
      ]);
      const gaps = attempts.slice(1).map((attempt, i) => attempt.startedAt.getTime() - attempts[i].finishedAt!.getTime());
      // Backoff 50 ms doubling with equal jitter: at least 25, 50, 100 ms.
      gaps.forEach((gap, i) => assert.ok(gap >= 25 * 2 ** i - 5, `gap ${i} was ${gap} ms`));
      assert.equal(acceptedCount(code), 1);
      assert.equal(simulator.received.filter((request) => request.code === code).length, 4);
    });

    test('a peer that keeps failing is given up after the configured number of attempts', async () => {
      simulator.failNext(2, 500);
      const code = await queue();
      const worker = nationalWorker(db.current, server.url, { maxAttempts: 2 });
      worker.start();
      try {
        await waitFor(settled(code), 'giving up');
      } finally {
        await worker.stop();
      }
      const failed = await entry(code);
      assert.deepEqual([failed.status, failed.attempts], ['failed', 2]);
      assert.match(failed.lastError!, /^Given up after 2 attempts; last error: /);
    });

    test('a timeout is retried like an outage', async () => {
      simulator.stallNext(1, { afterStoring: false });
      const code = await queue();
      const worker = nationalWorker(db.current, server.url);
      worker.start();
      try {
        await waitFor(settled(code), 'delivery after a timeout');
      } finally {
        await worker.stop();
        simulator.releaseStalled();
      }
      const delivered = await entry(code);
      assert.equal(delivered.status, 'delivered');
      const [first] = await outboxAttempts(db.current.prisma, delivered.id);
      assert.equal(first.outcome, 'retry');
      assert.match(first.detail!, /No answer within 1000 ms/);
      assert.equal(acceptedCount(code), 1);
    });

    test('a refusal (422) is not retried: the message fails with the peer’s reason, for the doctor to see', async () => {
      const message = prescriptionMessage(++counter);
      const refused = { ...message, prescription: { ...message.prescription, chan_doan: [{ ma_chan_doan: 'A91', ten_chan_doan: 'Sốt xuất huyết', ket_luan: '' }] } };
      await enqueueNationalPrescription(db.current.prisma, refused);
      const code = refused.prescription.ma_don_thuoc;
      const worker = nationalWorker(db.current, server.url);
      worker.start();
      try {
        await waitFor(settled(code), 'the refusal');
        // Long enough for retries to show if there were any.
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        await worker.stop();
      }
      const failed = await entry(code);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, 1);
      assert.equal(failed.lastError, 'chan_doan[0].ma_chan_doan: Mã chẩn đoán "A91" không có trong danh mục ICD-10');
      assert.equal(simulator.received.filter((request) => request.code === code).length, 1);
    });

    test('a wrong doctor password fails at once; an expired token is renewed transparently', async () => {
      const wrong = await queue();
      const badWorker = nationalWorker(db.current, server.url, {}, 'sai-mat-khau');
      badWorker.start();
      try {
        await waitFor(settled(wrong), 'the sign-in refusal');
      } finally {
        await badWorker.stop();
      }
      assert.equal((await entry(wrong)).status, 'failed');
      assert.match((await entry(wrong)).lastError!, /sign-in .* failed \(HTTP 401\)/);

      const worker = nationalWorker(db.current, server.url);
      worker.start();
      try {
        const first = await queue();
        worker.wake();
        await waitFor(settled(first), 'a delivery that signs in');
        simulator.expireSessions();
        const second = await queue();
        worker.wake();
        await waitFor(settled(second), 'a delivery after the token expired');
        assert.equal((await entry(second)).status, 'delivered');
        assert.equal((await entry(second)).attempts, 1);
      } finally {
        await worker.stop();
      }
    });

    test('server restart mid-flight: the stopped worker’s attempt is interrupted, a new worker on the same database finishes it, the peer has it once', async () => {
      simulator.stallNext(1, { afterStoring: true });
      const code = await queue();
      const first = nationalWorker(db.current, server.url, { deliveryTimeoutMs: 20_000, leaseMs: 40_000 });
      first.start();
      await waitFor(() => simulator.received.some((request) => request.code === code), 'the request to reach the simulator');
      await first.stop();
      assert.equal((await entry(code)).status, 'pending');

      await db.reopen();
      const second = nationalWorker(db.current, server.url);
      second.start();
      try {
        await waitFor(settled(code), 'delivery by the new worker');
      } finally {
        await second.stop();
        simulator.releaseStalled();
      }
      const delivered = await entry(code);
      assert.equal(delivered.status, 'delivered');
      assert.deepEqual(delivered.result, { checksum: null, acceptedByEarlierAttempt: true });
      const attempts = await outboxAttempts(db.current.prisma, delivered.id);
      assert.deepEqual(attempts.map((attempt) => attempt.outcome), ['interrupted', 'delivered']);
      assert.equal(simulator.accepted.has(code), true);
      assert.equal(simulator.received.filter((request) => request.code === code && request.status !== 422).length, 1, 'accepted exactly once');
    });

    test('crash mid-flight: the dead worker’s claim is taken over when its lease runs out, and delivered once', async () => {
      simulator.stallNext(1, { afterStoring: true });
      const code = await queue();
      await crashWorkerMidFlight(db, server.url, () => simulator.received.some((request) => request.code === code));
      const claimedUntil = await db.current.prisma.$queryRaw<{ locked_until: Date }[]>`
        SELECT locked_until FROM outbox_message WHERE idempotency_key = ${nationalPrescriptionKey(code)} AND status = 'in_flight'`;
      assert.equal(claimedUntil.length, 1, 'still claimed by the dead worker');
      const survivor = nationalWorker(db.current, server.url);
      survivor.start();
      try {
        await waitFor(settled(code), 'delivery by the surviving worker');
      } finally {
        await survivor.stop();
        simulator.releaseStalled();
      }
      const delivered = await entry(code);
      assert.equal(delivered.status, 'delivered');
      const attempts = await outboxAttempts(db.current.prisma, delivered.id);
      assert.deepEqual(attempts.map((attempt) => attempt.outcome), ['lease-expired', 'delivered']);
      assert.ok(attempts[1].startedAt >= claimedUntil[0].locked_until, 'taken over only once the lease ran out');
      assert.notEqual(attempts[0].worker, attempts[1].worker);
      assert.equal(simulator.received.filter((request) => request.code === code && request.status !== 422).length, 1, 'accepted exactly once');
    });

    test('a message exists only if its transaction commits, and once per key', async () => {
      const message = prescriptionMessage(++counter);
      await assert.rejects(
        db.current.prisma.$transaction(async (tx) => {
          await enqueueNationalPrescription(tx, message);
          throw new Error('signing failed');
        }),
        /signing failed/,
      );
      assert.equal(await findOutboxMessage(db.current.prisma, nationalPrescriptionKey(message.prescription.ma_don_thuoc)), undefined);
      const first = await enqueueNationalPrescription(db.current.prisma, message);
      const again = await enqueueNationalPrescription(db.current.prisma, message);
      assert.deepEqual([first.created, again.created, again.id], [true, false, first.id]);
    });

    if (kind === 'postgresql') {
      test('two Sen processes working the same outbox never send a message twice', async () => {
        const codes: string[] = [];
        for (let i = 0; i < 12; i++) codes.push(await queue());
        const other = await db.openAnother();
        const workers = [nationalWorker(db.current, server.url, { batchSize: 2 }), nationalWorker(other, server.url, { batchSize: 2 })];
        for (const worker of workers) worker.start();
        try {
          for (const code of codes) await waitFor(settled(code), `delivery of ${code}`);
        } finally {
          for (const worker of workers) await worker.stop();
        }
        for (const code of codes) {
          assert.equal((await entry(code)).attempts, 1, code);
          assert.equal(simulator.received.filter((request) => request.code === code).length, 1, code);
        }
        const rows = await db.current.prisma.$queryRaw<{ worker: string }[]>`
          SELECT DISTINCT a.worker FROM outbox_attempt a JOIN outbox_message m ON m.id = a.message_id
          WHERE m.idempotency_key = ANY(${codes.map(nationalPrescriptionKey)}::text[])`;
        assert.equal(rows.length, 2, 'both processes took part');
      });
    }
  });
}
