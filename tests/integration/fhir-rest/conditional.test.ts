import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';

const CCCD = 'https://cccd.gov.vn';
const withCccd = (value: string, family = 'Hoàng') => ({
  resourceType: 'Patient',
  identifier: [{ system: CCCD, value }],
  name: [{ family }],
});

for (const kind of databaseKinds()) {
  describe(`Conditional create and update (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('If-None-Exist creates once, then returns the existing resource', async () => {
      const headers = { 'If-None-Exist': `identifier=${CCCD}|001080000001` };
      const first = await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('001080000001'), headers });
      assert.equal(first.status, 201);
      const second = await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('001080000001'), headers });
      assert.equal(second.status, 200);
      assert.equal((await second.json()).id, (await first.json()).id);
    });

    test('ten simultaneous conditional creates of one person make one patient', async () => {
      const headers = { 'If-None-Exist': `identifier=${CCCD}|001080000002` };
      const responses = await Promise.all(Array.from({ length: 10 }, () =>
        server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('001080000002'), headers })));
      const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).id)));
      assert.equal(ids.size, 1);
      assert.deepEqual(responses.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    });

    test('If-None-Exist matching several resources answers 412', async () => {
      await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('001080000003') });
      await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('001080000003') });
      const response = await server.request('/fhir/R4/Patient', {
        method: 'POST', json: withCccd('001080000003'), headers: { 'If-None-Exist': `identifier=${CCCD}|001080000003` },
      });
      assert.equal(response.status, 412);
    });

    test('If-None-Exist by _id, and criteria this server cannot evaluate are refused rather than guessed', async () => {
      const created = await (await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('001080000004') })).json();
      const byId = await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('x'), headers: { 'If-None-Exist': `_id=${created.id}` } });
      assert.equal(byId.status, 200);
      const unsupported = await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('y'), headers: { 'If-None-Exist': '_text=Hoang' } });
      assert.equal(unsupported.status, 400);
      assert.match((await unsupported.json()).issue[0].diagnostics, /_text/);
    });

    test('conditional update creates when nothing matches and updates the single match', async () => {
      const url = `/fhir/R4/Patient?identifier=${encodeURIComponent(`${CCCD}|001080000005`)}`;
      const created = await server.request(url, { method: 'PUT', json: withCccd('001080000005') });
      assert.equal(created.status, 201);
      const first = await created.json();
      const updated = await server.request(url, { method: 'PUT', json: withCccd('001080000005', 'Hoàng Văn') });
      assert.equal(updated.status, 200);
      const second = await updated.json();
      assert.equal(second.id, first.id);
      assert.equal(second.meta.versionId, '2');
      assert.equal(second.name[0].family, 'Hoàng Văn');
    });

    test('an identifier system without a code, and a code without a system, both match', async () => {
      await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('001080000006') });
      const bySystem = await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('z'), headers: { 'If-None-Exist': `identifier=${CCCD}|` } });
      assert.equal(bySystem.status, 412, 'several patients carry a CCCD');
      const byCode = await server.request('/fhir/R4/Patient', { method: 'POST', json: withCccd('z'), headers: { 'If-None-Exist': 'identifier=001080000006' } });
      assert.equal(byCode.status, 200);
    });
  });
}
