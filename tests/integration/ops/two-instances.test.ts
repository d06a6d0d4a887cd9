// Two Sen processes on one PostgreSQL database, as behind a reverse proxy (issue 9): both run the outbox worker that
// sends signed prescriptions to the national system, and both register visits into the same room's queue; then the
// national system is down for an hour of simulated time.
// PROOF_SIZE sets how many prescriptions and how many visits, and a tenth of it how many wait out the outage
// (default: the size CI runs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAuditChain } from '../../../server/audit/verify-chain.ts';
import { nationalPrescriptionKey } from '../../../server/adapters/national-prescription/sender.ts';
import { openClinic, prescriptionBody, type Clinic } from '../prescriptions/clinic.ts';
import { adultForm, clerk, createFacility, postJson, type DeskFixture } from '../registration/support.ts';
import { bearerFetch, TEST_PASSWORD } from '../../support/sen-server.ts';
import { spawnSen, type SenProcess } from './sen-process.ts';

const SIZE = Number(process.env.PROOF_SIZE ?? 40);
const CLIENTS = 8;
/** Prescriptions signed while the national system is down. */
const DURING_OUTAGE = Math.max(4, Math.round(SIZE / 10));
const HOUR_MS = 3_600_000;

/** Runs `work(i)` for i in 0..count-1, at most `clients` at a time. */
async function inParallel<T>(count: number, clients: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  }));
  return results;
}

describe('Two Sen processes on one database', { skip: !process.env.TEST_DATABASE_URL && 'PostgreSQL only (TEST_DATABASE_URL)' }, () => {
  let clinic: Clinic;
  let desk: DeskFixture;
  const patients: string[] = [];
  const instances: SenProcess[] = [];

  async function signThroughBoth(count: number): Promise<string[]> {
    const doctors = await Promise.all(instances.map((instance) => instance.signIn('bacsi.a')));
    return inParallel(count, CLIENTS, async (i) => {
      const response = await doctors[i % 2]('/api/prescriptions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(prescriptionBody(clinic, clinic.patient)),
      });
      assert.equal(response.status, 201, await response.clone().text());
      return ((await response.json()) as { code: string }).code;
    });
  }

  before(async () => {
    // The in-process server only prepares the data; without SEN_DTQG_URL it runs no outbox worker, so every
    // delivery below is made by one of the two processes.
    clinic = await openClinic('postgresql', { SEN_DTQG_URL: '' });
    desk = await createFacility(clinic.server, 'tram-hang-doi', ['Phòng khám 1']);
    const setupClerk = await clerk(clinic.server, 'tiepdon.hangdoi', desk.facilityId);
    for (const name of ['An', 'Bảo', 'Cường', 'Dũng']) {
      const created = await postJson(setupClerk, '/api/registration/patients', { form: adultForm({ fullName: `Trần Văn ${name}`, sex: 'male' }) });
      assert.equal(created.status, 201, await created.clone().text());
      patients.push((await created.json()).patient.id);
    }
    const env = { DATABASE_URL: clinic.server.sen.context.config.databaseUrl!, ...clinic.nationalEnv, SEN_OUTBOX_POLL_MS: '100' };
    // Each kept as soon as it runs, so that `after` stops it even if the other fails to start.
    await Promise.all([0, 1].map(async () => instances.push(await spawnSen(env))));
  });
  after(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await clinic?.close();
  });

  test('prescriptions signed through both are each delivered to the national system exactly once', async (t) => {
    const codes = await signThroughBoth(SIZE);
    assert.equal(new Set(codes).size, SIZE, 'every signing got its own code');

    const { prisma } = clinic.server.sen.context.database;
    const settled = async () => (await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM outbox_message WHERE status IN ('delivered', 'failed')`)[0].n;
    // Deliveries follow the signings by about a poll; the deadline only bounds a failing run.
    const deadline = Date.now() + 60_000;
    while ((await settled()) < SIZE && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));

    const messages = await prisma.$queryRaw<{ key: string; status: string; attempts: number }[]>`
      SELECT idempotency_key AS key, status, attempts FROM outbox_message ORDER BY id`;
    assert.deepEqual(messages.map((message) => message.key).sort(), codes.map(nationalPrescriptionKey).sort(), 'one message per signed prescription');
    assert.deepEqual(messages.filter((message) => message.status !== 'delivered' || message.attempts !== 1), [], 'each delivered, at the first attempt');

    // The simulator refuses a code it already has (422): anything sent twice would show here as a second receipt.
    const receipts = new Map<unknown, number>();
    for (const { code } of clinic.simulator.received) receipts.set(code, (receipts.get(code) ?? 0) + 1);
    assert.equal(clinic.simulator.received.length, SIZE, 'no sending beyond one per prescription');
    assert.ok(codes.every((code) => receipts.get(code) === 1 && clinic.simulator.accepted.has(code)));

    // Both workers took part: the claims were contended, not served by one process alone.
    const workers = await prisma.$queryRaw<{ pid: string }[]>`
      SELECT DISTINCT split_part(worker, ':', 2) AS pid FROM outbox_attempt WHERE outcome = 'delivered'`;
    assert.deepEqual(workers.map((row) => Number(row.pid)).sort(), instances.map((instance) => instance.child.pid!).sort());
    const [perWorker] = await prisma.$queryRaw<{ shares: string }[]>`
      SELECT string_agg(n::text, ' + ' ORDER BY n) AS shares FROM (SELECT count(*) AS n FROM outbox_attempt GROUP BY worker) counts`;
    t.diagnostic(`${SIZE} prescriptions signed through two processes, delivered once each (${perWorker.shares} by worker)`);
  });

  test('visits registered through both into one room, with one token, get the numbers 1..N, no duplicate, no gap', async () => {
    // One sign-in, at the first process: the proxy may send the clerk's next request to either.
    const login = await fetch(`${instances[0].url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'tiepdon.hangdoi', password: TEST_PASSWORD }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const clerks = instances.map((instance) => bearerFetch(instance.url, token));
    const numbers = await inParallel(SIZE, CLIENTS, async (i) => {
      const response = await clerks[i % 2]('/api/registration/visits', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ patientId: patients[i % patients.length], locationId: desk.rooms[0], reason: 'Sốt, ho', payment: 'self-pay', priority: 'none' }),
      });
      assert.equal(response.status, 201, await response.clone().text());
      return ((await response.json()) as { number: number }).number;
    });
    assert.deepEqual(numbers.sort((a, b) => a - b), Array.from({ length: SIZE }, (_, i) => i + 1));

    const { prisma } = clinic.server.sen.context.database;
    const stored = await prisma.$queryRaw<{ number: number }[]>`
      SELECT number FROM visit_queue_entry WHERE location_id = ${desk.rooms[0]} ORDER BY number`;
    assert.deepEqual(stored.map((row) => Number(row.number)), Array.from({ length: SIZE }, (_, i) => i + 1));
    // Both processes append every registration to the audit trail: still one intact hash chain.
    const audit = await verifyAuditChain(prisma);
    assert.deepEqual(audit.problems, []);
    assert.ok(audit.entries >= SIZE);
  });

  test('the national system down for an hour of simulated time, then back: each prescription delivered once', async (t) => {
    const { prisma } = clinic.server.sen.context.database;
    clinic.simulator.failNext(10_000, 503);
    const codes = await signThroughBoth(DURING_OUTAGE);
    const keys = codes.map(nationalPrescriptionKey);
    // The workers schedule retries by the database's clock; simulated time moves their due times back instead,
    // straight to the next one due (a discrete-event simulation), once no attempt is due or in flight.
    const caughtUp = async () => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [{ busy }] = await prisma.$queryRaw<{ busy: number }[]>`
          SELECT count(*)::int AS busy FROM outbox_message WHERE idempotency_key = ANY(${keys}::text[])
            AND (status = 'in_flight' OR (status = 'pending' AND next_attempt_at <= now()))`;
        if (busy === 0) return;
        assert.ok(Date.now() < deadline, 'the workers keep up with the simulated clock');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const untilNextAttempt = async () => (await prisma.$queryRaw<{ ms: number | null }[]>`
      SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float8 AS ms
      FROM outbox_message WHERE idempotency_key = ANY(${keys}::text[]) AND status = 'pending'`)[0].ms;
    const advance = (ms: number) => prisma.$executeRaw`
      UPDATE outbox_message SET next_attempt_at = next_attempt_at - ${Math.ceil(ms)}::integer * interval '1 millisecond'
      WHERE idempotency_key = ANY(${keys}::text[]) AND status = 'pending'`;

    const started = Date.now();
    let skipped = 0;
    for (;;) {
      await caughtUp();
      const wait = await untilNextAttempt();
      assert.notEqual(wait, null, 'nothing is given up or delivered while the peer is down');
      // Real time passes too: it counts towards the hour.
      if (Date.now() - started + skipped + Math.max(0, wait!) >= HOUR_MS) break;
      skipped += Math.max(0, wait!);
      await advance(Math.max(0, wait!));
    }
    clinic.simulator.recover();
    for (let wait = await untilNextAttempt(); wait !== null; wait = await untilNextAttempt()) {
      await advance(Math.max(0, wait));
      await caughtUp();
    }

    const messages = await prisma.$queryRaw<{ key: string; status: string; attempts: number }[]>`
      SELECT idempotency_key AS key, status, attempts FROM outbox_message WHERE idempotency_key = ANY(${keys}::text[])`;
    assert.deepEqual(messages.filter((message) => message.status !== 'delivered'), []);
    for (const code of codes) {
      const receipts = clinic.simulator.received.filter((receipt) => receipt.code === code);
      assert.equal(receipts.filter((receipt) => receipt.status === 200).length, 1, `${code} accepted once`);
      assert.ok(receipts.every((receipt) => receipt.status === 200 || receipt.status === 503), JSON.stringify(receipts));
      // Backoff from 10 s, doubling, half of it jittered: 9 or 10 tries fit in an hour.
      const refused = receipts.length - 1;
      assert.ok(refused >= 9 && refused <= 10, `${code}: ${refused} tries during the outage`);
      assert.equal(messages.find((message) => message.key === nationalPrescriptionKey(code))!.attempts, receipts.length);
    }
    const tries = messages.map((message) => message.attempts);
    t.diagnostic(`${DURING_OUTAGE} prescriptions through an hour's outage: ${Math.min(...tries)} to ${Math.max(...tries)} tries each, ` +
      `delivered once each; ${((Date.now() - started) / 1000).toFixed(1)} s of real time`);
  });
});
