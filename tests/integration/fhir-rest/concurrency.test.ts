import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';

for (const kind of databaseKinds()) {
  describe(`Concurrent writes (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('50 clients updating one patient with If-Match produce versions 1..51 and lose no change', async () => {
      const created = await (await server.request('/fhir/R4/Patient', {
        method: 'POST',
        json: { resourceType: 'Patient', name: [{ family: 'Nguyễn' }] },
      })).json();
      const url = `/fhir/R4/Patient/${created.id}`;
      let conflicts = 0;
      // Each client adds its own identifier with read-modify-write, retrying when someone else wrote first.
      await Promise.all(Array.from({ length: 50 }, async (_, client) => {
        for (;;) {
          const read = await server.request(url);
          const current = await read.json();
          const next = { ...current, identifier: [...(current.identifier ?? []), { system: 'urn:test:client', value: String(client) }] };
          const write = await server.request(url, { method: 'PUT', json: next, headers: { 'If-Match': read.headers.get('etag')! } });
          if (write.status === 200) return;
          assert.equal(write.status, 412, `unexpected status ${write.status}`);
          conflicts += 1;
        }
      }));
      const final = await (await server.request(url)).json();
      assert.equal(final.meta.versionId, '51');
      assert.deepEqual(final.identifier.map((i: any) => Number(i.value)).sort((a: number, b: number) => a - b), Array.from({ length: 50 }, (_, i) => i));
      const history = await (await server.request(`${url}/_history?_count=100`)).json();
      assert.deepEqual(history.entry.map((e: any) => Number(e.resource.meta.versionId)), Array.from({ length: 51 }, (_, i) => 51 - i));
      assert.ok(conflicts > 0, 'fifty clients at once should have collided at least once');
    });

    test('an update with a stale If-Match answers 412 and writes nothing', async () => {
      const created = await (await server.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient', gender: 'male' } })).json();
      const url = `/fhir/R4/Patient/${created.id}`;
      await server.request(url, { method: 'PUT', json: { ...created, gender: 'female' } });
      const stale = await server.request(url, { method: 'PUT', json: { ...created, gender: 'other' }, headers: { 'If-Match': 'W/"1"' } });
      assert.equal(stale.status, 412);
      assert.equal((await stale.json()).resourceType, 'OperationOutcome');
      const current = await (await server.request(url)).json();
      assert.equal(current.gender, 'female');
      assert.equal(current.meta.versionId, '2');
    });

    test('updates without If-Match at the same time all land as separate versions', async () => {
      const created = await (await server.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient' } })).json();
      const url = `/fhir/R4/Patient/${created.id}`;
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        server.request(url, { method: 'PUT', json: { resourceType: 'Patient', id: created.id, name: [{ text: `writer ${i}` }] } }).then((r) => r.status)));
      assert.ok(statuses.every((status) => status === 200));
      const history = await (await server.request(`${url}/_history?_count=100`)).json();
      assert.equal(history.total, 21);
      const writers = new Set(history.entry.slice(0, 20).map((e: any) => e.resource.name[0].text));
      assert.equal(writers.size, 20);
    });
  });
}
