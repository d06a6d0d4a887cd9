import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';

const patient = (family: string) => ({
  resourceType: 'Patient',
  name: [{ family, given: ['Văn', 'An'] }],
  gender: 'male',
  birthDate: '1980-02-29',
});

for (const kind of databaseKinds()) {
  describe(`FHIR create/read/update/patch/delete/history (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('a created patient gets a server id, version 1, Location and ETag, and reads back', async () => {
      const response = await server.request('/fhir/R4/Patient', { method: 'POST', json: { ...patient('Nguyễn'), id: 'ignored' } });
      assert.equal(response.status, 201);
      assert.match(response.headers.get('content-type')!, /^application\/fhir\+json/);
      const created = await response.json();
      assert.notEqual(created.id, 'ignored');
      assert.equal(created.meta.versionId, '1');
      assert.ok(Date.parse(created.meta.lastUpdated));
      assert.equal(response.headers.get('etag'), 'W/"1"');
      assert.equal(response.headers.get('location'), `${server.fhir}/Patient/${created.id}/_history/1`);
      const read = await server.request(`/fhir/R4/Patient/${created.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.headers.get('etag'), 'W/"1"');
      assert.deepEqual(await read.json(), created);
    });

    test('an update makes version 2 while version 1 stays readable by vread', async () => {
      const created = await (await server.request('/fhir/R4/Patient', { method: 'POST', json: patient('Trần') })).json();
      const updated = await server.request(`/fhir/R4/Patient/${created.id}`, {
        method: 'PUT',
        json: { ...created, gender: 'female' },
      });
      assert.equal(updated.status, 200);
      const body = await updated.json();
      assert.equal(body.meta.versionId, '2');
      assert.equal(body.gender, 'female');
      const v1 = await (await server.request(`/fhir/R4/Patient/${created.id}/_history/1`)).json();
      assert.equal(v1.gender, 'male');
      assert.equal(v1.meta.versionId, '1');
      const v2 = await server.request(`/fhir/R4/Patient/${created.id}/_history/2`);
      assert.equal(v2.headers.get('etag'), 'W/"2"');
      assert.equal((await server.request(`/fhir/R4/Patient/${created.id}/_history/3`)).status, 404);
    });

    test('PUT with a new client id creates the resource with that id (201)', async () => {
      const response = await server.request('/fhir/R4/Patient/tram-y-te-01', { method: 'PUT', json: { ...patient('Lê'), id: 'tram-y-te-01' } });
      assert.equal(response.status, 201);
      const body = await response.json();
      assert.equal(body.id, 'tram-y-te-01');
      assert.equal(body.meta.versionId, '1');
    });

    test('PUT whose body id differs from the URL is refused and writes nothing', async () => {
      const response = await server.request('/fhir/R4/Patient/abc', { method: 'PUT', json: { ...patient('Lê'), id: 'xyz' } });
      assert.equal(response.status, 400);
      assert.equal((await response.json()).resourceType, 'OperationOutcome');
      assert.equal((await server.request('/fhir/R4/Patient/abc')).status, 404);
    });

    test('a JSON Patch changes one field and makes a new version', async () => {
      const created = await (await server.request('/fhir/R4/Patient', { method: 'POST', json: patient('Phạm') })).json();
      const response = await server.request(`/fhir/R4/Patient/${created.id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json-patch+json' },
        body: JSON.stringify([{ op: 'replace', path: '/name/0/family', value: 'Phạm Thị' }, { op: 'add', path: '/active', value: true }]),
      });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.name[0].family, 'Phạm Thị');
      assert.equal(body.active, true);
      assert.equal(body.meta.versionId, '2');
    });

    test('a patch that breaks the resource or fails a test op is refused and writes nothing', async () => {
      const created = await (await server.request('/fhir/R4/Patient', { method: 'POST', json: patient('Vũ') })).json();
      const patch = (ops: unknown) => server.request(`/fhir/R4/Patient/${created.id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json-patch+json' },
        body: JSON.stringify(ops),
      });
      const invalid = await patch([{ op: 'replace', path: '/gender', value: 'nam' }]);
      assert.equal(invalid.status, 422);
      const failedTest = await patch([{ op: 'test', path: '/gender', value: 'female' }]);
      assert.equal(failedTest.status, 422);
      const current = await (await server.request(`/fhir/R4/Patient/${created.id}`)).json();
      assert.equal(current.meta.versionId, '1');
    });

    test('a deleted resource answers 410, its history keeps every version, and it can be re-created', async () => {
      const created = await (await server.request('/fhir/R4/Patient', { method: 'POST', json: patient('Đặng') })).json();
      const deleted = await server.request(`/fhir/R4/Patient/${created.id}`, { method: 'DELETE' });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.headers.get('etag'), 'W/"2"');
      const read = await server.request(`/fhir/R4/Patient/${created.id}`);
      assert.equal(read.status, 410);
      assert.equal((await read.json()).resourceType, 'OperationOutcome');
      assert.equal((await server.request(`/fhir/R4/Patient/${created.id}/_history/2`)).status, 410);
      assert.equal((await server.request(`/fhir/R4/Patient/${created.id}/_history/1`)).status, 200);
      const history = await (await server.request(`/fhir/R4/Patient/${created.id}/_history`)).json();
      assert.equal(history.type, 'history');
      assert.equal(history.total, 2);
      assert.deepEqual(history.entry.map((e: any) => e.request.method), ['DELETE', 'POST']);
      assert.equal(history.entry[0].resource, undefined);
      const again = await server.request(`/fhir/R4/Patient/${created.id}`, { method: 'PUT', json: { ...patient('Đặng'), id: created.id } });
      assert.equal(again.status, 201);
      assert.equal((await again.json()).meta.versionId, '3');
    });

    test('type and system history page newest first through next links without repeats', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        ids.push((await (await server.request('/fhir/R4/Observation', { method: 'POST', json: { resourceType: 'Observation', status: 'final', code: { text: `obs ${i}` } } })).json()).id);
      }
      const seen: string[] = [];
      let url: string | undefined = `${server.fhir}/Observation/_history?_count=3`;
      while (url) {
        const page: any = await (await server.request(url)).json();
        assert.ok(page.entry.length <= 3);
        seen.push(...page.entry.map((e: any) => e.resource.id));
        url = page.link.find((l: any) => l.relation === 'next')?.url;
      }
      assert.deepEqual(seen, [...ids].reverse());
      const system = await (await server.request('/fhir/R4/_history?_count=2')).json();
      assert.equal(system.entry.length, 2);
      assert.equal(system.entry[0].resource.id, ids[ids.length - 1]);
      const since = await (await server.request(`/fhir/R4/_history?_since=2999-01-01T00:00:00Z`)).json();
      assert.equal(since.entry, undefined);
    });
  });
}
