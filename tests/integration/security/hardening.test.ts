import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/sen-server.ts';
import { postJson, userIn, type Actor } from '../../support/actors.ts';

const INJECTIONS = [
  "x' OR '1'='1",
  "x'; DROP TABLE resource; --",
  "1) OR 1=1 --",
  'x" OR ""="',
  "x\\'; SELECT pg_sleep(5); --",
];

for (const kind of databaseKinds()) {
  describe(`Hardening (${kind})`, () => {
    let server: TestServer;
    let doctor: Actor;
    let patientId: string;

    before(async () => {
      server = await startTestServer(kind, { env: { SEN_BODY_LIMIT_MB: '1', SEN_CORS_ORIGINS: 'https://app.sen.example', SEN_AUTH_RATE_LIMIT: '40' } });
      doctor = await userIn(server, 'bacsi.h', 'doctor', 'tram-h');
      const created = await doctor.request('/fhir/R4/Patient', {
        method: 'POST', json: { resourceType: 'Patient', identifier: [{ system: 'urn:test', value: 'H-1' }], gender: 'male' },
      });
      patientId = (await created.json()).id;
    });
    after(() => server.close());

    test('SQL injection in query parameters and conditional criteria is treated as data', async () => {
      const started = Date.now();
      for (const attack of INJECTIONS) {
        const encoded = encodeURIComponent(attack);
        for (const path of [`/fhir/R4/Patient/_history?_since=${encoded}`, `/fhir/R4/Patient/_history?_count=${encoded}`, `/fhir/R4/_history?_cursor=${encoded}`]) {
          const response = await doctor.request(path);
          assert.equal(response.status, 400, path);
          assert.equal((await response.json()).resourceType, 'OperationOutcome');
        }
        const conditional = await doctor.request('/fhir/R4/Patient', {
          method: 'POST', json: { resourceType: 'Patient', gender: 'female' }, headers: { 'If-None-Exist': `identifier=${encoded}` },
        });
        assert.equal(conditional.status, 201, 'the criteria matched nothing: a new patient');
        for (const path of [`/fhir/R4/Patient?name=${encoded}`, `/fhir/R4/Patient?identifier=${encoded}`, `/fhir/R4/Patient?_id=${encoded}`,
          `/fhir/R4/Patient?birthdate=${encoded}`, `/fhir/R4/Patient?_sort=${encoded}`, `/fhir/R4/Observation?subject=${encoded}`,
          `/fhir/R4/Patient?_include=${encoded}`, `/fhir/R4/Patient?${encoded}=x`]) {
          const response = await doctor.request(path);
          assert.ok([200, 400].includes(response.status), `${path}: ${response.status}`);
          assert.equal((await response.json()).resourceType, response.status === 200 ? 'Bundle' : 'OperationOutcome');
        }
        const posted = await doctor.request('/fhir/R4/Patient/_search', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `name=${encoded}` });
        assert.ok([200, 400].includes(posted.status));
        const byId = await doctor.request(`/fhir/R4/Patient/${encoded}`);
        assert.ok([400, 404].includes(byId.status), `${attack}: ${byId.status}`);
      }
      assert.ok(Date.now() - started < 20_000, 'no injected pg_sleep ran');
      assert.equal((await doctor.request(`/fhir/R4/Patient/${patientId}`)).status, 200, 'the resource table is intact');
    });

    test('SQL injection in resource bodies is stored as text and never executed', async () => {
      const response = await doctor.request('/fhir/R4/Patient', {
        method: 'POST', json: { resourceType: 'Patient', name: [{ family: "O'Brien'); DROP TABLE resource; --" }], gender: 'male' },
      });
      assert.equal(response.status, 201);
      const created = await response.json();
      const read = await (await doctor.request(`/fhir/R4/Patient/${created.id}`)).json();
      assert.equal(read.name[0].family, "O'Brien'); DROP TABLE resource; --");
    });

    test('oversized bodies, URLs and nesting are refused with a 4xx, not a crash', async () => {
      const big = { resourceType: 'Patient', gender: 'male', name: [{ family: 'x'.repeat(1_200_000) }] };
      const tooLarge = await doctor.request('/fhir/R4/Patient', { method: 'POST', json: big });
      assert.equal(tooLarge.status, 413);
      assert.equal((await tooLarge.json()).issue[0].code, 'too-costly');
      const deep = `{"resourceType":"Patient","extension":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      assert.equal((await doctor.request('/fhir/R4/Patient', { method: 'POST', json: deep })).status, 400);
      const longValue = await doctor.request(`/fhir/R4/Patient?name=${'Nguyễn'.repeat(1000)}`);
      assert.ok([200, 400].includes(longValue.status), `a 6,000-character search value: ${longValue.status}`);
      const manyParams = await doctor.request(`/fhir/R4/Patient?${Array.from({ length: 400 }, (_, i) => `name=a${i}`).join('&')}`);
      assert.ok([200, 400].includes(manyParams.status), `400 search parameters: ${manyParams.status}`);
      const bigSearch = await doctor.request('/fhir/R4/Patient/_search', {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `name=${'x'.repeat(1_200_000)}`,
      });
      assert.equal(bigSearch.status, 413, 'a search body over the limit');
      const longUrl = await doctor.request(`/fhir/R4/Patient/_history?_since=${'9'.repeat(100_000)}`);
      assert.ok(longUrl.status === 431 || longUrl.status === 414 || longUrl.status === 400, String(longUrl.status));
      const authBody = await postJson(server, '/auth/login', { username: 'bacsi.h', password: 'x'.repeat(40_000) });
      assert.equal(authBody.status, 413);
      const sign = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username": ' });
      assert.equal(sign.status, 400);
      assert.doesNotMatch(await sign.text(), /at .*\.ts|SyntaxError/, 'no stack trace or internals');
    });

    test('every answer carries the security headers', async () => {
      for (const response of [await fetch(`${server.url}/healthz`), await doctor.request(`/fhir/R4/Patient/${patientId}`), await fetch(`${server.fhir}/Patient/x`)]) {
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(response.headers.get('x-frame-options'), 'DENY');
        assert.match(response.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
        assert.equal(response.headers.get('x-powered-by'), null);
      }
    });

    test('CORS answers only the configured origins', async () => {
      const preflight = (origin: string) => fetch(`${server.fhir}/Patient`, {
        method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
      const allowed = await preflight('https://app.sen.example');
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.sen.example');
      assert.match(allowed.headers.get('access-control-allow-headers')!, /Authorization/);
      assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
      const evil = await preflight('https://evil.example');
      assert.equal(evil.status, 403);
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
      const simple = await doctor.request(`/fhir/R4/Patient/${patientId}`, { headers: { Origin: 'https://evil.example' } });
      assert.equal(simple.headers.get('access-control-allow-origin'), null);
    });

    test('sign-in messages and timing do not tell whether a username exists', async () => {
      // The work a sign-in costs, as CPU time of this process (the server runs in it, scrypt on its thread pool):
      // unlike elapsed time, it does not grow when other processes keep the machine busy.
      const time = async (username: string) => {
        const started = process.cpuUsage();
        const response = await postJson(server, '/auth/login', { username, password: 'Wrong-Password-1' });
        const used = process.cpuUsage(started);
        return { ms: (used.user + used.system) / 1000, status: response.status, body: await response.json() };
      };
      const known = [];
      const unknown = [];
      for (let i = 0; i < 5; i++) {
        known.push(await time('bacsi.h'));
        unknown.push(await time(`khong-ton-tai-${i}`));
      }
      assert.deepEqual(known[0].body, unknown[0].body);
      assert.equal(known[0].status, 401);
      const median = (runs: { ms: number }[]) => runs.map((run) => run.ms).sort((a, b) => a - b)[2];
      // Both pay for one scrypt hash, which dominates; the known user's extra work is one small database write.
      const [a, b] = [median(known), median(unknown)];
      assert.ok(Math.abs(a - b) < 0.35 * Math.min(a, b), `${a} vs ${b} ms`);
    });

    test('sign-in attempts are rate limited per username, then per address', async () => {
      let limited: Response | undefined;
      for (let i = 0; i < 12 && !limited; i++) {
        const response = await postJson(server, '/auth/login', { username: 'tan.cong', password: `guess-${i}` });
        if (response.status === 429) limited = response;
      }
      assert.ok(limited, 'per-username limit (a fifth of the per-address one) reached');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.equal((await limited.json()).error, 'too_many_requests');
      let addressLimited = false;
      for (let i = 0; i < 45 && !addressLimited; i++) {
        const response = await postJson(server, '/auth/login', { username: `user-${i}`, password: TEST_PASSWORD });
        addressLimited = response.status === 429;
      }
      assert.ok(addressLimited, 'per-address limit reached');
      assert.equal((await doctor.request(`/fhir/R4/Patient/${patientId}`)).status, 200, 'the FHIR API is not affected');
    });
  });
}
