import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';

const VALID = { resourceType: 'Patient', name: [{ family: 'Bùi' }], gender: 'female' };
const INVALID = { resourceType: 'Patient', gender: 'woman', birthDate: '31/12/1990' };

for (const kind of databaseKinds()) {
  describe(`$validate (${kind})`, () => {
    let server: TestServer;
    const validate = async (path: string, json: unknown) => {
      const response = await server.request(`/fhir/R4/${path}`, { method: 'POST', json });
      return { status: response.status, body: await response.json() };
    };
    const stored = async () => (await server.sen.context.database.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM resource_history`)[0].n;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('a valid resource: 200 with an information issue; nothing is stored', async () => {
      const before = await stored();
      const { status, body } = await validate('Patient/$validate', VALID);
      assert.equal(status, 200);
      assert.deepEqual(body, { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'No issues found' }] });
      assert.equal(await stored(), before);
    });

    test('an invalid resource: still 200, one error issue per problem, with its FHIRPath', async () => {
      const { status, body } = await validate('Patient/$validate', INVALID);
      assert.equal(status, 200);
      const expressions = body.issue.filter((issue: { severity: string }) => issue.severity === 'error').map((issue: { expression: string[] }) => issue.expression[0]).sort();
      assert.deepEqual(expressions, ['Patient.birthDate', 'Patient.gender']);
    });

    test('a Parameters body carries the resource, mode and profile; the URL may carry mode and profile too', async () => {
      const parameters = (...parameter: unknown[]) => ({ resourceType: 'Parameters', parameter });
      const ok = await validate('Patient/$validate', parameters({ name: 'resource', resource: VALID }, { name: 'mode', valueCode: 'create' },
        { name: 'profile', valueUri: 'http://hl7.org/fhir/StructureDefinition/Patient' }));
      assert.equal(ok.status, 200);
      assert.equal(ok.body.issue[0].severity, 'information');
      const invalid = await validate('Patient/$validate?mode=create', parameters({ name: 'resource', resource: INVALID }));
      assert.equal(invalid.body.issue[0].severity, 'error');
      const update = await validate('Patient/$validate?mode=update', VALID);
      assert.deepEqual(update.body.issue.map((issue: { expression: string[] }) => issue.expression), [['Patient.id']], 'an update needs the id');
    });

    test('a profile Sen does not know, an unknown mode or no resource: 400', async () => {
      const profile = await validate('Patient/$validate?profile=http://example.org/StructureDefinition/vn-core-patient', VALID);
      assert.equal(profile.status, 400);
      assert.match(profile.body.issue[0].diagnostics, /does not know the profile/);
      assert.equal((await validate('Patient/$validate?mode=merge', VALID)).status, 400);
      assert.equal((await validate('Patient/$validate', { resourceType: 'Parameters', parameter: [{ name: 'mode', valueCode: 'create' }] })).status, 400);
      assert.equal((await validate('Nonsense/$validate', VALID)).status, 404);
    });

    test('instance level: the id must match; mode=delete checks the resource exists', async () => {
      const id = (await (await server.request('/fhir/R4/Patient', { method: 'POST', json: VALID })).json()).id;
      const same = await validate(`Patient/${id}/$validate`, { ...VALID, id });
      assert.equal(same.body.issue[0].severity, 'information');
      const other = await validate(`Patient/${id}/$validate`, { ...VALID, id: 'someone-else' });
      assert.equal(other.status, 200);
      assert.match(other.body.issue[0].diagnostics, /does not match the id in the URL/);
      const wrongType = await validate(`Patient/${id}/$validate`, { resourceType: 'Observation', id });
      assert.match(wrongType.body.issue[0].diagnostics, /is a Observation but the URL is for Patient/);
      const deletable = await validate(`Patient/${id}/$validate?mode=delete`, { resourceType: 'Parameters', parameter: [] });
      assert.equal(deletable.status, 200);
      assert.equal(deletable.body.issue[0].severity, 'information');
      const missing = await validate('Patient/not-there/$validate?mode=delete', { resourceType: 'Parameters', parameter: [] });
      assert.equal(missing.status, 404, 'an instance-level operation needs an instance this request can read');
      assert.equal(missing.body.issue[0].code, 'not-found');
      assert.equal((await server.request(`/fhir/R4/Patient/${id}/$validate`)).status, 405);
    });

    test('the CapabilityStatement lists $validate on every resource type', async () => {
      const statement = await (await server.request('/fhir/R4/metadata')).json();
      for (const resource of statement.rest[0].resource) {
        assert.ok(resource.operation.some((operation: { name: string; definition: string }) =>
          operation.name === 'validate' && operation.definition === 'http://hl7.org/fhir/OperationDefinition/Resource-validate'), resource.type);
      }
    });
  });
}
