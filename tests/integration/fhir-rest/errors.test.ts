import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';

async function expectOutcome(response: Response, status: number): Promise<any> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /application\/fhir\+json/);
  const body = await response.json();
  assert.equal(body.resourceType, 'OperationOutcome');
  assert.ok(body.issue.length > 0);
  assert.doesNotMatch(JSON.stringify(body), /at .*\.ts:\d+/, 'no stack trace');
  return body;
}

for (const kind of databaseKinds()) {
  describe(`FHIR errors are OperationOutcomes with the right status (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind, { env: { SEN_BODY_LIMIT_MB: '1' } });
    });
    after(() => server.close());

    test('malformed JSON → 400', async () => {
      await expectOutcome(await server.request('/fhir/R4/Patient', { method: 'POST', json: '{"resourceType": "Patient",' }), 400);
    });

    test('JSON nested absurdly deep → 400', async () => {
      const deep = `{"resourceType":"Patient","extension":${'['.repeat(500)}${']'.repeat(500)}}`;
      await expectOutcome(await server.request('/fhir/R4/Patient', { method: 'POST', json: deep }), 400);
    });

    test('unknown resource type → 404', async () => {
      await expectOutcome(await server.request('/fhir/R4/Patientt/1'), 404);
      await expectOutcome(await server.request('/fhir/R4/Patientt', { method: 'POST', json: { resourceType: 'Patientt' } }), 404);
    });

    test('unknown id → 404', async () => {
      await expectOutcome(await server.request('/fhir/R4/Patient/does-not-exist'), 404);
    });

    test('deleted → 410', async () => {
      const created = await (await server.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient' } })).json();
      await server.request(`/fhir/R4/Patient/${created.id}`, { method: 'DELETE' });
      await expectOutcome(await server.request(`/fhir/R4/Patient/${created.id}`), 410);
    });

    test('wrong method → 405', async () => {
      await expectOutcome(await server.request('/fhir/R4/Patient/123', { method: 'POST', json: { resourceType: 'Patient' } }), 405);
      await expectOutcome(await server.request('/fhir/R4/metadata', { method: 'DELETE' }), 405);
      await expectOutcome(await server.request('/fhir/R4/Patient/123/_history/1', { method: 'PUT', json: {} }), 405);
    });

    test('body too large → 413', async () => {
      const big = JSON.stringify({ resourceType: 'Patient', text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(1_200_000)}</div>` } });
      await expectOutcome(await server.request('/fhir/R4/Patient', { method: 'POST', json: big }), 413);
    });

    test('wrong content type → 415', async () => {
      await expectOutcome(await server.request('/fhir/R4/Patient', {
        method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"resourceType":"Patient"}',
      }), 415);
      await expectOutcome(await server.request('/fhir/R4/Patient/1', {
        method: 'PATCH', headers: { 'Content-Type': 'application/fhir+json' }, body: '[]',
      }), 415);
    });

    test('a body that is not the type in the URL → 400', async () => {
      await expectOutcome(await server.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Observation', status: 'final', code: { text: 'x' } } }), 400);
    });

    test('an invalid resource → 422 naming the FHIRPath of each problem, and nothing is written', async () => {
      const before = await (await server.request('/fhir/R4/Patient/_history?_count=1')).json();
      const body = await expectOutcome(await server.request('/fhir/R4/Patient', {
        method: 'POST',
        json: { resourceType: 'Patient', gender: 'nam', birthDate: 'hôm qua', name: [{ family: '' }], active: 'yes' },
      }), 422);
      const paths = body.issue.flatMap((issue: any) => issue.expression ?? []);
      for (const path of ['Patient.gender', 'Patient.birthDate', 'Patient.name[0].family', 'Patient.active']) {
        assert.ok(paths.includes(path), `expected an issue at ${path}, got ${paths.join(', ')}`);
      }
      const after = await (await server.request('/fhir/R4/Patient/_history?_count=1')).json();
      assert.deepEqual(after.entry?.[0]?.resource?.id, before.entry?.[0]?.resource?.id);
    });

    test('an Observation without its required status and a dateTime without a time zone are rejected', async () => {
      const body = await expectOutcome(await server.request('/fhir/R4/Observation', {
        method: 'POST',
        json: { resourceType: 'Observation', code: { text: 'Mạch' }, effectiveDateTime: '2026-01-05T08:00:00' },
      }), 422);
      const paths = body.issue.flatMap((issue: any) => issue.expression ?? []);
      assert.ok(paths.includes('Observation.status'), paths.join(', '));
      assert.ok(paths.includes('Observation.effectiveDateTime') || paths.includes('Observation.effective'), paths.join(', '));
    });

    test('a malformed id in the URL → 400', async () => {
      await expectOutcome(await server.request(`/fhir/R4/Patient/${'a'.repeat(65)}`, { method: 'PUT', json: { resourceType: 'Patient', id: 'a'.repeat(65) } }), 400);
    });

    test('a malformed If-Match → 400', async () => {
      await expectOutcome(await server.request('/fhir/R4/Patient/x', { method: 'PUT', json: { resourceType: 'Patient', id: 'x' }, headers: { 'If-Match': 'three' } }), 400);
    });

    test('a bad URL encoding → 400, not a crash', async () => {
      await expectOutcome(await server.request('/fhir/R4/Patient/%E0%A4%A'), 400);
    });

    test('no token → 401 with WWW-Authenticate; the CapabilityStatement stays open', async () => {
      const response = await fetch(`${server.fhir}/Patient/1`);
      await expectOutcome(response, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      const metadata = await fetch(`${server.fhir}/metadata`);
      assert.equal(metadata.status, 200);
      assert.equal((await metadata.json()).resourceType, 'CapabilityStatement');
    });
  });
}
