import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';

const WEIGHT = '{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},' +
  '"valueQuantity":{"value":75.0,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"},' +
  '"component":[{"code":{"text":"tiny"},"valueQuantity":{"value":1.50e-3}},{"code":{"text":"precise"},"valueQuantity":{"value":0.10}}]}';

for (const kind of databaseKinds()) {
  describe(`What the server sends back (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('decimals keep the precision the client wrote (75.0 stays 75.0) on create, read, vread and history', async () => {
      const created = await server.request('/fhir/R4/Observation', { method: 'POST', json: WEIGHT });
      const text = await created.text();
      for (const lexeme of ['"value":75.0', '"value":1.50e-3', '"value":0.10']) assert.ok(text.includes(lexeme), `create: ${lexeme}`);
      const id = JSON.parse(text).id;
      for (const path of [`/fhir/R4/Observation/${id}`, `/fhir/R4/Observation/${id}/_history/1`, `/fhir/R4/Observation/${id}/_history`]) {
        const body = await (await server.request(path)).text();
        for (const lexeme of ['"value":75.0', '"value":1.50e-3', '"value":0.10']) assert.ok(body.includes(lexeme), `${path}: ${lexeme}`);
      }
    });

    test('a patch of another field keeps the decimals as written', async () => {
      const id = (await (await server.request('/fhir/R4/Observation', { method: 'POST', json: WEIGHT })).json()).id;
      const patched = await server.request(`/fhir/R4/Observation/${id}`, {
        method: 'PATCH', headers: { 'Content-Type': 'application/json-patch+json' },
        body: '[{"op":"replace","path":"/status","value":"amended"}]',
      });
      const text = await patched.text();
      assert.ok(text.includes('"value":75.0'));
      assert.ok(text.includes('"status":"amended"'));
    });

    test('Prefer: return=minimal sends no body, return=OperationOutcome sends an outcome', async () => {
      const minimal = await server.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient' }, headers: { Prefer: 'return=minimal' } });
      assert.equal(minimal.status, 201);
      assert.equal(await minimal.text(), '');
      assert.ok(minimal.headers.get('location'));
      const outcome = await server.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient' }, headers: { Prefer: 'return=OperationOutcome' } });
      assert.equal(outcome.status, 201);
      assert.equal((await outcome.json()).resourceType, 'OperationOutcome');
      const representation = await server.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient' }, headers: { Prefer: 'return=representation' } });
      assert.equal((await representation.json()).resourceType, 'Patient');
    });

    test('application/json is accepted as well as application/fhir+json', async () => {
      const response = await server.request('/fhir/R4/Patient', {
        method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"resourceType":"Patient"}',
      });
      assert.equal(response.status, 201);
    });

    test('meta.profile and tags the client sent are kept; versionId and lastUpdated are the server\'s', async () => {
      const response = await server.request('/fhir/R4/Patient', {
        method: 'POST',
        json: { resourceType: 'Patient', meta: { versionId: '99', lastUpdated: '2000-01-01T00:00:00Z', profile: ['http://example.org/p'], tag: [{ code: 'demo' }] } },
      });
      const body = await response.json();
      assert.equal(body.meta.versionId, '1');
      assert.notEqual(body.meta.lastUpdated, '2000-01-01T00:00:00Z');
      assert.deepEqual(body.meta.profile, ['http://example.org/p']);
      assert.deepEqual(body.meta.tag, [{ code: 'demo' }]);
    });

    test('the CapabilityStatement claims only the interactions the server has', async () => {
      const cs = await (await fetch(`${server.fhir}/metadata`)).json();
      assert.equal(cs.fhirVersion, '4.0.1');
      const patient = cs.rest[0].resource.find((r: any) => r.type === 'Patient');
      assert.deepEqual(patient.interaction.map((i: any) => i.code).sort(),
        ['create', 'delete', 'history-instance', 'history-type', 'patch', 'read', 'search-type', 'update', 'vread']);
      assert.equal(patient.conditionalDelete, 'not-supported');
    });
  });
}
