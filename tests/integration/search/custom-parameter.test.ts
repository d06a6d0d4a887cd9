// A SearchParameter POSTed to the server indexes the writes that follow at once; re-indexing (npm run reindex)
// makes the resources written before it searchable too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { reindexBatch } from '../../../server/store/search/reindex.ts';
import { extractIndexEntries } from '../../../fhir/search/index-entries.ts';
import { found } from './fixtures.ts';

const ETHNICITY = 'https://sen.health.vn/fhir/StructureDefinition/test-ethnicity';
const withEthnicity = (id: string, code: string) => ({
  resourceType: 'Patient', id, name: [{ family: 'Lò' }],
  extension: [{ url: ETHNICITY, valueCoding: { system: 'urn:test:dan-toc', code, display: code === '11' ? 'Thái' : 'Kinh' } }],
});

for (const kind of databaseKinds()) {
  describe(`Custom SearchParameter (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    const put = async (resource: { resourceType: string; id: string }) => {
      const response = await server.request(`/fhir/R4/${resource.resourceType}/${resource.id}`, { method: 'PUT', json: resource });
      assert.ok(response.status < 300, await response.text());
    };

    test('takes effect for new writes, and for old ones after re-indexing', async () => {
      await put(withEthnicity('before', '11'));
      const unknown = await server.request('/fhir/R4/Patient?ethnicity=11', { headers: { Prefer: 'handling=strict' } });
      assert.equal(unknown.status, 400, 'no such parameter yet');
      await put({
        resourceType: 'SearchParameter', id: 'patient-ethnicity', url: 'https://sen.health.vn/fhir/SearchParameter/patient-ethnicity',
        name: 'ethnicity', status: 'active', description: 'Dân tộc', code: 'ethnicity', base: ['Patient'], type: 'token',
        expression: `Patient.extension('${ETHNICITY}').value`,
      } as { resourceType: string; id: string });
      await put(withEthnicity('after', '11'));
      await put(withEthnicity('kinh', '01'));
      assert.deepEqual(await found(server, 'Patient?ethnicity=11'), ['Patient/after']);
      assert.deepEqual(await found(server, 'Patient?ethnicity:text=thai'), ['Patient/after']);

      const prisma = server.sen.context.database.prisma;
      let from = '';
      for (;;) {
        const batch = await reindexBatch(prisma, 'Patient', from, 2, (content) => extractIndexEntries(JSON.parse(content)));
        if (batch.count === 0) break;
        from = batch.lastId!;
      }
      assert.deepEqual(await found(server, 'Patient?ethnicity=11'), ['Patient/after', 'Patient/before']);
    });

    test('a repeated date parameter on a repeating element: different values may satisfy each prefix', async () => {
      const VISIT = 'https://sen.health.vn/fhir/StructureDefinition/test-visit';
      await put({
        resourceType: 'SearchParameter', id: 'patient-visit', url: 'https://sen.health.vn/fhir/SearchParameter/patient-visit',
        name: 'visit', status: 'active', description: 'Ngày khám', code: 'visit', base: ['Patient'], type: 'date',
        expression: `Patient.extension('${VISIT}').value`,
      } as { resourceType: string; id: string });
      const visits = (id: string, ...dates: string[]) => ({
        resourceType: 'Patient', id, name: [{ family: 'Lò' }], extension: dates.map((date) => ({ url: VISIT, valueDate: date })),
      });
      await put(visits('two-visits', '1950-01-01', '2000-01-01'));
      await put(visits('in-march', '1980-03-10'));
      await put(visits('one-visit', '2000-01-01'));
      // 2000 is ge 1980-03, 1950 is lt 1980-04: no single value is in March 1980, the resource still matches.
      assert.deepEqual(await found(server, 'Patient?visit=ge1980-03&visit=lt1980-04'), ['Patient/in-march', 'Patient/two-visits']);
      assert.deepEqual(await found(server, 'Patient?visit=1980-03'), ['Patient/in-march']);
    });

    test('a deleted SearchParameter stops being a parameter', async () => {
      assert.equal((await server.request('/fhir/R4/SearchParameter/patient-ethnicity', { method: 'DELETE' })).status, 200);
      const response = await server.request('/fhir/R4/Patient?ethnicity=11', { headers: { Prefer: 'handling=strict' } });
      assert.equal(response.status, 400);
    });
  });
}
