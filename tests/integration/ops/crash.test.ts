// kill -9 of one Sen process during a stream of transactions (issue 9): every transaction the dead process
// acknowledged is fully stored, none is stored in part, and the other process on the same database keeps serving.
// And kill -9 of the process whose outbox worker is delivering a prescription: the other process's worker takes the
// message over, and the national system has it once.
// PROOF_SIZE sets how many Bundles each client sends (default: the size CI runs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, type RequestInitWithJson, type TestServer } from '../../support/sen-server.ts';
import { verifyAuditChain } from '../../../server/audit/verify-chain.ts';
import { nationalPrescriptionKey } from '../../../server/adapters/national-prescription/sender.ts';
import { openClinic, prescriptionBody, type Clinic } from '../prescriptions/clinic.ts';
import { spawnSen, type SenProcess } from './sen-process.ts';

const SIZE = Number(process.env.PROOF_SIZE ?? 15);
const CLIENTS_PER_INSTANCE = 3;
/** Bundles each client of the survivor sends after the kill, to show it kept serving. */
const AFTER_KILL = 3;
const MARKER_SYSTEM = 'https://sen.example/proof/bundle';
const CLINIC_SYSTEM = 'https://sen.example/proof/clinic';
const OBSERVATIONS = 3;
/** Patient, Encounter and the Observations. */
const RESOURCES_PER_BUNDLE = 2 + OBSERVATIONS;

type Fetch = (path: string, init?: RequestInitWithJson) => Promise<Response>;
type Outcome = 'acknowledged' | 'refused' | 'lost';

/**
 * One visit as a transaction, every resource tagged with `marker`: a Patient created unless one carries the marker
 * (conditional create), its Encounter at the clinic found by identifier (conditional reference), and Observations
 * pointing at both by urn:uuid.
 */
function visitBundle(marker: string) {
  const patient = `urn:uuid:${randomUUID()}`;
  const encounter = `urn:uuid:${randomUUID()}`;
  const meta = { tag: [{ system: MARKER_SYSTEM, code: marker }] };
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: patient,
        resource: { resourceType: 'Patient', meta, identifier: [{ system: MARKER_SYSTEM, value: marker }], name: [{ family: 'Phạm', given: ['Thu'] }] },
        request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${MARKER_SYSTEM}|${marker}` },
      },
      {
        fullUrl: encounter,
        resource: {
          resourceType: 'Encounter', meta, status: 'finished',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
          subject: { reference: patient },
          serviceProvider: { reference: `Organization?identifier=${CLINIC_SYSTEM}|proof` },
        },
        request: { method: 'POST', url: 'Encounter' },
      },
      ...Array.from({ length: OBSERVATIONS }, (_, i) => ({
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'Observation', meta, status: 'final', code: { text: `vital sign ${i}` },
          subject: { reference: patient }, encounter: { reference: encounter }, valueQuantity: { value: 36 + i, unit: 'Cel' },
        },
        request: { method: 'POST', url: 'Observation' },
      })),
    ],
  };
}

async function send(request: Fetch, marker: string): Promise<Outcome> {
  try {
    // A request left without an answer counts as lost: on the survivor, that fails the proof as an error would.
    const response = await request('/fhir/R4', { method: 'POST', json: visitBundle(marker), signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    return response.status === 200 ? 'acknowledged' : 'refused';
  } catch {
    // The connection was cut: the client cannot know whether the transaction committed.
    return 'lost';
  }
}

describe('kill -9 of a Sen process during a stream of transactions', { skip: !process.env.TEST_DATABASE_URL && 'PostgreSQL only (TEST_DATABASE_URL)' }, () => {
  let setup: TestServer;
  let env: Record<string, string>;
  /** Every process started, stopped at the end whatever happened (stopping a killed one is a no-op). */
  const processes: SenProcess[] = [];
  const start = async () => {
    const started = await spawnSen(env);
    processes.push(started);
    return started;
  };

  before(async () => {
    setup = await startTestServer('postgresql');
    const clinic = await setup.request('/fhir/R4/Organization', {
      method: 'POST',
      json: { resourceType: 'Organization', name: 'Phòng khám thử', identifier: [{ system: CLINIC_SYSTEM, value: 'proof' }] },
    });
    assert.equal(clinic.status, 201);
    env = { DATABASE_URL: setup.sen.context.config.databaseUrl! };
  });
  after(async () => {
    await Promise.all(processes.map((sen) => sen.stop()));
    await setup?.close();
  });

  test('what was acknowledged is whole, nothing is partial, the other process keeps serving, the killed one restarts', async (t) => {
    const [victim, survivor] = await Promise.all([start(), start()]);
    const toVictim = await victim.signIn('admin');
    const toSurvivor = await survivor.signIn('admin');
    const outcomes = new Map<string, { instance: 'victim' | 'survivor'; outcome: Outcome }>();
    let victimAcknowledged = 0;
    let killed: Promise<void> | undefined;

    const victimClient = async (client: number) => {
      for (let i = 0; i < SIZE; i++) {
        const marker = `victim-${client}-${i}`;
        const outcome = await send(toVictim, marker);
        outcomes.set(marker, { instance: 'victim', outcome });
        if (outcome !== 'acknowledged') return;
        // Killed a third of the way through, while the other clients of the victim have Bundles in flight.
        if (++victimAcknowledged === SIZE && !killed) killed = victim.crash();
      }
    };
    const survivorClient = async (client: number) => {
      let afterKill = 0;
      for (let i = 0; afterKill < AFTER_KILL; i++) {
        const marker = `survivor-${client}-${i}`;
        const wasKilled = killed !== undefined;
        outcomes.set(marker, { instance: 'survivor', outcome: await send(toSurvivor, marker) });
        if (wasKilled) afterKill++;
      }
    };
    await Promise.all([
      ...Array.from({ length: CLIENTS_PER_INSTANCE }, (_, client) => victimClient(client)),
      ...Array.from({ length: CLIENTS_PER_INSTANCE }, (_, client) => survivorClient(client)),
    ]);
    assert.ok(killed, 'the victim was killed during the stream');
    await killed;

    const all = [...outcomes.values()];
    assert.deepEqual(all.filter((sent) => sent.instance === 'survivor' && sent.outcome !== 'acknowledged'), [], 'the survivor answered every Bundle');
    assert.deepEqual(all.filter((sent) => sent.outcome === 'refused'), [], 'nothing was refused');
    assert.ok(all.some((sent) => sent.instance === 'victim' && sent.outcome === 'lost'), "the victim's clients saw it die");

    const { prisma } = setup.sen.context.database;
    const rows = await prisma.$queryRaw<{ marker: string; n: number }[]>`
      SELECT tag->>'code' AS marker, count(*)::int AS n
      FROM resource, jsonb_array_elements(content::jsonb->'meta'->'tag') AS tag
      WHERE NOT deleted AND tag->>'system' = ${MARKER_SYSTEM}
      GROUP BY 1`;
    const stored = new Map(rows.map((row) => [row.marker, row.n]));
    assert.deepEqual([...stored].filter(([, n]) => n !== RESOURCES_PER_BUNDLE), [], 'no Bundle is stored in part');
    const missing = [...outcomes].filter(([marker, sent]) => sent.outcome === 'acknowledged' && !stored.has(marker));
    assert.deepEqual(missing, [], 'every acknowledged Bundle is stored');
    assert.ok([...stored.keys()].every((marker) => outcomes.has(marker)));
    const count = (instance: string, outcome: Outcome) => [...outcomes.values()].filter((sent) => sent.instance === instance && sent.outcome === outcome).length;
    const lost = [...outcomes].filter(([, sent]) => sent.outcome === 'lost').map(([marker]) => marker);
    t.diagnostic(`victim: ${count('victim', 'acknowledged')} acknowledged, ${lost.length} cut off (${lost.filter((marker) => stored.has(marker)).length} of them ` +
      `committed whole); survivor: ${count('survivor', 'acknowledged')} acknowledged; ${stored.size} Bundles stored whole, none in part`);

    const restarted = await start();
    const afterRestart = await send(await restarted.signIn('admin'), 'after-restart');
    assert.equal(afterRestart, 'acknowledged');
    // Both processes appended to the audit trail, one of them killed mid-stream: still one intact chain.
    const audit = await verifyAuditChain(prisma);
    assert.deepEqual(audit.problems, []);
    assert.ok(audit.entries > 0);
  });
});

describe('kill -9 of the Sen process delivering a prescription', { skip: !process.env.TEST_DATABASE_URL && 'PostgreSQL only (TEST_DATABASE_URL)' }, () => {
  let clinic: Clinic;
  const processes: SenProcess[] = [];

  before(async () => {
    // Only the two processes deliver (the setup server has no SEN_DTQG_URL). A 2-s delivery timeout makes the lease,
    // twice that, short enough to wait out.
    clinic = await openClinic('postgresql', { SEN_DTQG_URL: '' });
    const env = { DATABASE_URL: clinic.server.sen.context.config.databaseUrl!, ...clinic.nationalEnv, SEN_DTQG_TIMEOUT_MS: '2000', SEN_OUTBOX_POLL_MS: '100' };
    await Promise.all([0, 1].map(async () => processes.push(await spawnSen(env))));
  });
  after(async () => {
    clinic?.simulator.releaseStalled();
    await Promise.all(processes.map((sen) => sen.stop()));
    await clinic?.close();
  });

  test('the other process takes the message over once the lease runs out; the national system has it once', async () => {
    const { prisma } = clinic.server.sen.context.database;
    // The national system stores the prescription and never answers: the worker dies not knowing it arrived.
    clinic.simulator.stallNext(1, { afterStoring: true });
    const doctor = await processes[0].signIn('bacsi.a');
    const signed = await doctor('/api/prescriptions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(prescriptionBody(clinic, clinic.patient)),
    });
    assert.equal(signed.status, 201, await signed.clone().text());
    const { code } = (await signed.json()) as { code: string };
    const key = nationalPrescriptionKey(code);

    const deadline = Date.now() + 30_000;
    while (!clinic.simulator.received.some((receipt) => receipt.code === code)) {
      assert.ok(Date.now() < deadline, 'the first attempt reaches the national system');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [{ worker }] = await prisma.$queryRaw<{ worker: string }[]>`SELECT locked_by AS worker FROM outbox_message WHERE idempotency_key = ${key}`;
    const victim = processes.find((sen) => sen.child.pid === Number(worker.split(':')[1]))!;
    const survivor = processes.find((sen) => sen !== victim)!;
    await victim.crash();

    let status = '';
    while (status !== 'delivered' && status !== 'failed') {
      assert.ok(Date.now() < deadline, `the message is settled (${status})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      [{ status }] = await prisma.$queryRaw<{ status: string }[]>`SELECT status FROM outbox_message WHERE idempotency_key = ${key}`;
    }
    assert.equal(status, 'delivered');
    assert.deepEqual(clinic.simulator.received.filter((receipt) => receipt.code === code).map((receipt) => receipt.status), ['stalled', 422],
      'the second attempt is told the code is known, which is its success');
    assert.ok(clinic.simulator.accepted.has(code));
    const attempts = await prisma.$queryRaw<{ worker: string; outcome: string }[]>`
      SELECT a.worker, a.outcome FROM outbox_attempt a JOIN outbox_message m ON m.id = a.message_id WHERE m.idempotency_key = ${key} ORDER BY a.attempt`;
    assert.deepEqual(attempts.map((attempt) => [Number(attempt.worker.split(':')[1]), attempt.outcome]),
      [[victim.child.pid, 'lease-expired'], [survivor.child.pid, 'delivered']]);
  });
});
