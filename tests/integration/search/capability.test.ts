import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';

interface Resource {
  type: string;
  interaction: { code: string }[];
  searchParam?: { name: string; type: string }[];
  searchInclude?: string[];
  searchRevInclude?: string[];
  operation?: { name: string }[];
}

for (const kind of databaseKinds()) {
  describe(`CapabilityStatement: search (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('lists search-type and search-system, the real parameters, includes and $everything', async () => {
      const statement = await (await fetch(`${server.fhir}/metadata`)).json() as { rest: { interaction: { code: string }[]; resource: Resource[] }[] };
      const rest = statement.rest[0];
      assert.ok(rest.interaction.some((i) => i.code === 'search-system'));
      const byType = new Map(rest.resource.map((r) => [r.type, r]));
      const patient = byType.get('Patient')!;
      assert.ok(patient.interaction.some((i) => i.code === 'search-type'));
      const names = new Map(patient.searchParam!.map((p) => [p.name, p.type]));
      for (const [name, type] of [['name', 'string'], ['birthdate', 'date'], ['cccd', 'token'], ['bhyt', 'token'], ['organization', 'reference'], ['_id', 'token'], ['_lastUpdated', 'date']]) {
        assert.equal(names.get(name), type, name);
      }
      assert.equal(names.has('_text'), false, 'what Sen cannot search is not claimed');
      assert.ok(!byType.get('Location')!.searchParam!.some((p) => p.name === 'near'));
      assert.equal(byType.get('Observation')!.searchParam!.find((p) => p.name === 'code-value-quantity')?.type, 'composite');
      assert.ok(patient.searchInclude!.includes('Patient:organization'));
      assert.ok(patient.searchRevInclude!.includes('Observation:subject'));
      assert.deepEqual(patient.operation!.map((o) => o.name).sort(), ['everything', 'validate']);
      assert.ok(!byType.get('Observation')!.operation!.some((o) => o.name === 'everything'));
    });
  });
}
