import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { batch, countRows, locationOf, postBundle } from './bundle-client.ts';

for (const kind of databaseKinds()) {
  describe(`Batch Bundles (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('each entry succeeds or fails on its own, with its own status and OperationOutcome', async () => {
      const existing = (await (await server.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient' } })).json()).id;
      const before = await countRows(server);
      const answer = await postBundle(server, batch(
        { resource: { resourceType: 'Patient', name: [{ family: 'Đỗ' }] }, request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Patient', gender: 'unknown-ish' }, request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: 'Patient/not-there' } },
        { resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'urn:uuid:2c0e5d0b-1d1a-4a4e-9a55-1f4f5b0c9e01' } }, request: { method: 'POST', url: 'Observation' } },
        { resource: { resourceType: 'Patient', id: existing, active: true }, request: { method: 'PUT', url: `Patient/${existing}`, ifMatch: 'W/"9"' } },
        { request: { method: 'GET', url: `Patient/${existing}` } },
        { request: { method: 'POST' } },
        { resource: { resourceType: 'Patient', id: existing, active: false }, request: { method: 'PUT', url: `Patient/${existing}` } },
      ));
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.type, 'batch-response');
      const statuses = answer.body.entry.map((entry: { response: { status: string } }) => entry.response.status);
      assert.deepEqual(statuses, ['201 Created', '422 Unprocessable Entity', '404 Not Found', '400 Bad Request', '412 Precondition Failed', '200 OK', '400 Bad Request', '200 OK']);
      const outcomes = answer.body.entry.map((entry: { response: { outcome?: { issue: { expression?: string[]; diagnostics: string }[] } } }) => entry.response.outcome);
      assert.deepEqual(outcomes[1].issue[0].expression, ['Bundle.entry[1].resource.gender']);
      assert.deepEqual(outcomes[3].issue[0].expression, ['Bundle.entry[3].resource.subject.reference'], 'entries of a batch cannot refer to each other');
      assert.deepEqual(outcomes[6].issue[0].expression, ['Bundle.entry[6].request.url']);
      // Reads come last: the GET sees the update made by the entry after it.
      assert.equal(answer.body.entry[5].resource.active, false);
      assert.deepEqual(await countRows(server), { resources: before.resources + 1, versions: before.versions + 2 });
      assert.equal((await (await server.request(`/fhir/R4/${locationOf(answer.body.entry[0])}`)).json()).name[0].family, 'Đỗ');
    });

    test('the CapabilityStatement claims transaction and batch', async () => {
      const statement = await (await server.request('/fhir/R4/metadata')).json();
      const codes = statement.rest[0].interaction.map((interaction: { code: string }) => interaction.code);
      assert.ok(codes.includes('transaction') && codes.includes('batch'), codes.join());
    });
  });
}
