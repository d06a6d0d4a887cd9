// What the outbox tests share: a database that can be closed and opened again (a restart), the national prescription
// simulator, and workers sending to it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPrescriptionCode } from '../../../fhir/identifiers/prescription-code.ts';
import { qd808Payload } from '../../../fhir/prescription/national/qd808-payload.ts';
import { readPrescription } from '../../../fhir/prescription/prescription-record.ts';
import { NationalPrescriptionClient } from '../../../server/adapters/national-prescription/client.ts';
import { nationalPrescriptionHandler, type NationalPrescriptionMessage } from '../../../server/adapters/national-prescription/sender.ts';
import { NationalPrescriptionSimulator } from '../../../server/adapters/national-prescription/simulator.ts';
import { openDatabase, type Database } from '../../../server/db/client.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { OutboxWorker, type OutboxWorkerOptions } from '../../../server/workers/outbox.ts';
import { adultPrescription, FIXTURE_DOCTOR_LINK_CODE, FIXTURE_FACILITY_CODE } from '../../support/prescription-fixture.ts';
import { createTestDatabase, type DatabaseKind } from '../../support/test-database.ts';

export const FACILITY_LINK_CODE = 'CSKCB-01234';
const DOCTOR_PASSWORD = 'Mat-khau-bac-si-2026';

export interface ReopenableDatabase {
  kind: DatabaseKind;
  /** How to reach it from another process (DATABASE_URL or SEN_DATA_DIR). */
  env: Record<string, string>;
  /** The open connection; replaced by `reopen`. */
  current: Database;
  /** Closes the connection (if open) and opens a new one on the same data, as a restarted process would. */
  reopen(): Promise<Database>;
  /** Opens another connection alongside (PostgreSQL: a second process). */
  openAnother(): Promise<Database>;
  close(): Promise<void>;
}

export async function reopenableDatabase(kind: DatabaseKind): Promise<ReopenableDatabase> {
  // The embedded database lives in a directory, so that it outlives a closed connection.
  const dir = kind === 'embedded' ? mkdtempSync(join(tmpdir(), 'sen-outbox-')) : undefined;
  const test = await createTestDatabase(kind, dir);
  const open = () => openDatabase({ databaseUrl: test.env.DATABASE_URL, dataDir: test.env.SEN_DATA_DIR });
  const opened: Database[] = [];
  const track = async () => {
    const database = await open();
    opened.push(database);
    return database;
  };
  const first = await track();
  await migrate(first.prisma);
  const handle: ReopenableDatabase = {
    kind,
    env: test.env,
    current: first,
    async reopen() {
      await closeQuietly(handle.current);
      handle.current = await track();
      return handle.current;
    },
    openAnother: track,
    async close() {
      for (const database of opened) await closeQuietly(database);
      await test.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

const closed = new WeakSet<Database>();
async function closeQuietly(database: Database): Promise<void> {
  if (closed.has(database)) return;
  closed.add(database);
  await database.close().catch(() => undefined);
}

export function newSimulator(): NationalPrescriptionSimulator {
  return new NationalPrescriptionSimulator([
    { linkCode: FACILITY_LINK_CODE, facilityCode: FIXTURE_FACILITY_CODE, doctors: { [FIXTURE_DOCTOR_LINK_CODE]: DOCTOR_PASSWORD } },
  ]);
}

/** Timings short enough for tests, with a lease comfortably longer than a delivery. */
export const FAST: Omit<OutboxWorkerOptions, 'handlers'> = {
  pollIntervalMs: 25,
  deliveryTimeoutMs: 1_000,
  leaseMs: 2_500,
  backoff: { baseMs: 50, maxMs: 400 },
};

export function nationalWorker(database: Database, simulatorUrl: string, options: Partial<OutboxWorkerOptions> = {}, password = DOCTOR_PASSWORD): OutboxWorker {
  const client = new NationalPrescriptionClient({
    baseUrl: simulatorUrl,
    facilityLinkCode: FACILITY_LINK_CODE,
    doctorPasswords: new Map([[FIXTURE_DOCTOR_LINK_CODE, password]]),
  });
  return new OutboxWorker(database.prisma, { ...FAST, handlers: [nationalPrescriptionHandler(client)], ...options });
}

/** The adult fixture's prescription under the code for `counter`. */
export function prescriptionMessage(counter: number): NationalPrescriptionMessage {
  const prescription = qd808Payload(readPrescription(adultPrescription()));
  return { doctorLinkCode: FIXTURE_DOCTOR_LINK_CODE, prescription: { ...prescription, ma_don_thuoc: formatPrescriptionCode(FIXTURE_FACILITY_CODE, counter) } };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts a worker that dies once `reachedPeer()` holds, before it can record anything. On PostgreSQL it is another
 * Sen process, killed with SIGKILL. The embedded database admits one process, so there the worker runs here and its
 * connection is closed under it (PGlite does not reconnect, so the worker cannot write again), and the test's
 * connection is then reopened as a restarted process would.
 */
export async function crashWorkerMidFlight(db: ReopenableDatabase, simulatorUrl: string, reachedPeer: () => boolean): Promise<void> {
  if (db.kind === 'postgresql') {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./crashing-worker.ts', import.meta.url))], {
      env: { ...process.env, ...db.env, SIMULATOR_URL: simulatorUrl, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = once(child, 'exit');
    await waitFor(reachedPeer, 'the crashing worker to reach the peer');
    child.kill('SIGKILL');
    await exited;
    return;
  }
  const worker = nationalWorker(db.current, simulatorUrl);
  worker.start();
  await waitFor(reachedPeer, 'the crashing worker to reach the peer');
  await db.current.close();
  await worker.stop();
  await db.reopen();
}
