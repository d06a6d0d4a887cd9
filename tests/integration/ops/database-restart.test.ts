// The database stops and starts again under load (issue 9): while it is down Sen answers at once with 503 and an
// error body (FHIR OperationOutcome, or JSON on /api and /auth), never a hang or a crash; once it is back, the same
// Sen process serves again without a restart. Runs on a PostgreSQL server of its own, so as not to stop the shared one.
// PROOF_SIZE sets how many requests each client makes while the database is up, before and after (default: CI's).
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
    sen = await spawnSen({ DATABASE_URL: postgres.url });
    const request = await sen.signIn('admin');
    const round = (count: number) => Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
      const answers: Answer[] = [];
      for (let i = 0; i < count; i++) answers.push(await work(request, client * count + i));
      return answers;
    })).then((perClient) => perClient.flat());

    const beforeStop = await round(SIZE);
    assert.deepEqual(beforeStop.filter((answer) => answer.status >= 300), [], 'all served while the database is up');

    postgres.stop();
    const whileDown = await round(WHILE_DOWN);
    assert.deepEqual(whileDown.filter((answer) => answer.status !== 503), [], 'every request answered 503');
    for (const answer of whileDown) {
      assert.ok(answer.retryAfter, 'Retry-After tells when to try again');
      const fhir = answer.body.resourceType === 'OperationOutcome' && JSON.stringify(answer.body).includes('"transient"');
      const api = answer.body.error === 'unavailable' && typeof answer.body.message === 'string';
      assert.ok(fhir || api, JSON.stringify(answer.body));
    }
    const readiness = await fetch(`${sen.url}/readyz`);
    assert.equal(readiness.status, 503, 'not ready while the database is down');

    postgres.start();
    // The first requests may still meet connections the restart cut; the pool replaces them. A few rounds at most.
    let first: Answer | undefined;
    for (let attempt = 0; attempt < 20 && first?.status !== 201; attempt++) {
      if (first) await new Promise((resolve) => setTimeout(resolve, 250));
      first = await work(request, 0);
      if (first.status !== 201) assert.equal(first.status, 503, JSON.stringify(first.body));
    }
    assert.equal(first?.status, 201, 'serving again');
    const afterStart = await round(SIZE);
    assert.deepEqual(afterStart.filter((answer) => answer.status >= 300), [], 'all served once the database is back');
    assert.equal((await fetch(`${sen.url}/readyz`)).status, 200);
    assert.equal(sen.child.exitCode, null, 'the same process, never restarted');
    t.diagnostic(`${beforeStop.length} requests before the stop, ${whileDown.length} answered 503 while down, ${afterStart.length} after the start`);
  });
});
