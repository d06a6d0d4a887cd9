// The database stops and starts again under load (issue 9): while it is down, and for requests in flight when it
// stops, Sen answers at once with 503 and an error body (FHIR OperationOutcome, or JSON on /api and /auth), never a
// hang, a 500 or a crash; once it is back, the same Sen process serves again without a restart. Runs on a PostgreSQL
// server of its own, so as not to stop the shared one.
// PROOF_SIZE sets how many requests each client has served before the stop and after the start (default: CI's).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../server/config.ts';
import { startSen } from '../../../server/start.ts';
import { TEST_PASSWORD, type RequestInitWithJson } from '../../support/sen-server.ts';
import { createPrivatePostgres, postgresPrograms, type PrivatePostgres } from './private-postgres.ts';
import { freePort, spawnSen, type SenProcess } from './sen-process.ts';

const SIZE = Number(process.env.PROOF_SIZE ?? 20);
const CLIENTS = 4;
/** Requests each client makes while the database is down. */
const WHILE_DOWN = 5;
/** A request without an answer by then counts as hung. */
const HANG_MS = 30_000;

type Fetch = (path: string, init?: RequestInitWithJson) => Promise<Response>;
interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter: string | null;
}
type Phase = 'up' | 'stopping' | 'down' | 'starting' | 'back' | 'done';
/** One request of the load: in which phase it was sent and in which it was answered. */
interface Sent {
  client: number;
  sent: Phase;
  answered: Phase;
  answer: Answer;
}

/** A FHIR OperationOutcome saying to try again, or the JSON error of /api and /auth. */
function isErrorBody(body: Record<string, unknown>): boolean {
  const fhir = body.resourceType === 'OperationOutcome' && JSON.stringify(body).includes('"transient"');
  return fhir || (body.error === 'unavailable' && typeof body.message === 'string');
}

async function ask(request: Fetch, path: string, init: RequestInitWithJson = {}): Promise<Answer> {
  const response = await request(path, { ...init, signal: AbortSignal.timeout(HANG_MS) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, retryAfter: response.headers.get('retry-after') };
}

/** A FHIR write, a FHIR search and an /api call: one of each kind of error answer. */
function work(request: Fetch, i: number): Promise<Answer> {
  switch (i % 3) {
    case 0:
      return ask(request, '/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient', name: [{ family: 'Đỗ', given: [`Lan ${i}`] }] } });
    case 1:
      return ask(request, '/fhir/R4/Patient?family=%C4%90%E1%BB%97&_count=5');
    default:
      return ask(request, '/api/registration/recent');
  }
}

const programs = postgresPrograms();
const skip = !process.env.TEST_DATABASE_URL ? 'PostgreSQL only (TEST_DATABASE_URL)' : !programs ? "PostgreSQL's programs (initdb, pg_ctl) are not installed" : false;

describe('The database restarts under load', { skip }, () => {
  let postgres: PrivatePostgres;
  let sen: SenProcess | undefined;

  before(async () => {
    postgres = createPrivatePostgres(programs!, await freePort());
    // Migrates the new database and creates the account the load signs in with.
    const setup = await startSen(loadConfig({ PORT: '0', HOST: '127.0.0.1', SEN_DEMO: '0', SEN_SERVE_WEB: '0', DATABASE_URL: postgres.url }));
    await setup.context.users.create({ username: 'admin', password: TEST_PASSWORD, displayName: 'Test admin', role: 'system-admin' });
    await setup.close();
  });
  after(async () => {
    await sen?.stop();
    postgres?.remove();
  });

  test('requests fail at once with 503 while it is down, and succeed again once it is back, without restarting Sen', async (t) => {
    // Every request while the database is down logs a warning: expected here, so kept out of the test's output.
    sen = await spawnSen({ DATABASE_URL: postgres.url, LOG_LEVEL: 'error' });
    const request = await sen.signIn('admin');
    // The clients run throughout: some requests are in flight when the database stops, and when it starts.
    let phase: Phase = 'up';
    const answers: Sent[] = [];
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; phase !== 'done'; i++) {
        const sent = phase;
        const answer = await work(request, client + i * CLIENTS);
        answers.push({ client, sent, answered: phase, answer });
        // A client told to retry later does not hammer.
        if (answer.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const until = async (what: string, done: () => boolean) => {
      const deadline = Date.now() + 60_000;
      while (!done()) {
        assert.ok(Date.now() < deadline, `still waiting: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const within = (from: Phase, to: Phase = from) => answers.filter((sent) => sent.sent === from && sent.answered === to);

    await until('requests served while the database is up', () => within('up').length >= SIZE * CLIENTS);
    phase = 'stopping';
    await postgres.stop();
    phase = 'down';
    await until('requests answered while the database is down', () => within('down').length >= WHILE_DOWN * CLIENTS);
    const readiness = await fetch(`${sen.url}/readyz`);
    phase = 'starting';
    await postgres.start();
    phase = 'back';
    await until('requests served once the database is back', () => within('back').filter((sent) => sent.answer.status < 300).length >= SIZE * CLIENTS);
    phase = 'done';
    await Promise.all(clients);

    const unclean = answers.filter(({ answer }) => answer.status >= 300 && !(answer.status === 503 && answer.retryAfter && isErrorBody(answer.body)));
    assert.deepEqual(unclean, [], 'every answer a success, or 503 with Retry-After and an error body');
    assert.deepEqual(within('up').filter(({ answer }) => answer.status >= 300), [], 'all served while the database is up');
    assert.deepEqual(within('down').filter(({ answer }) => answer.status !== 503), [], 'all answered 503 while it is down');
    assert.equal(readiness.status, 503, 'not ready while the database is down');
    // Once a client has been served again, it stays served: no broken connection is left in the pool.
    for (let client = 0; client < CLIENTS; client++) {
      const back = within('back').filter((sent) => sent.client === client);
      const firstServed = back.findIndex(({ answer }) => answer.status < 300);
      assert.deepEqual(back.slice(firstServed).filter(({ answer }) => answer.status >= 300), [], `client ${client} after recovery`);
    }
    assert.equal((await fetch(`${sen.url}/readyz`)).status, 200);
    assert.equal(sen.child.exitCode, null, 'the same process, never restarted');
    const count = (from: Phase, to: Phase, ok: boolean) => answers.filter((sent) => sent.sent === from && sent.answered === to && (sent.answer.status < 300) === ok).length;
    t.diagnostic(`${within('up').length} served before the stop; in flight across the stop: ${count('up', 'stopping', true) + count('up', 'down', true)} served, ` +
      `${count('up', 'stopping', false) + count('up', 'down', false) + count('stopping', 'stopping', false) + count('stopping', 'down', false)} answered 503; ` +
      `${within('down').length} answered 503 while down; ${within('back').filter((sent) => sent.answer.status >= 300).length} answered 503 and ` +
      `${within('back').filter((sent) => sent.answer.status < 300).length} served after the start`);
  });
});
