import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../server/config.ts';
import { startSen, type RunningSen } from '../../../server/start.ts';
import { DEMO_PASSWORD } from '../../../server/seed/demo.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../support/test-database.ts';
import { OWNING_FACILITY_SYSTEM } from '../../../server/access/facility-label.ts';

for (const kind of databaseKinds()) {
  describe(`Demo accounts and facility isolation (${kind})`, () => {
    let sen: RunningSen;
    let database: TestDatabase;
    const as = async (username: string) => {
      const login = await fetch(`${sen.url}/auth/login`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      const { access_token: token } = (await login.json()) as { access_token: string };
      return (path: string, init: RequestInit = {}) => fetch(`${sen.url}/fhir/R4${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
    };
    const facilityOf = async (username: string) =>
      (await sen.context.database.prisma.appUser.findUnique({ where: { username } }))!.facilityId!;
    const patientsOf = async (facilityId: string) => sen.context.database.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM resource WHERE resource_type = 'Patient' AND facility_id = ${facilityId} ORDER BY id`;

    before(async () => {
      database = await createTestDatabase(kind);
      sen = await startSen(loadConfig({ PORT: '0', HOST: '127.0.0.1', SEN_DEMO: '1', SEN_SERVE_WEB: '0', ...database.env }));
    });
    after(async () => {
      await sen.close();
      await database.drop();
    });

    test('every demo record belongs to the facility that manages its patient, labelled in meta.security', async () => {
      const unowned = await sen.context.database.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM resource WHERE facility_id IS NULL AND resource_type <> 'Organization'`;
      assert.equal(unowned[0].n, 0);
      const [station1] = await patientsOf(await facilityOf('bacsi.xa1'));
      const patient = await (await (await as('bacsi.xa1'))(`/Patient/${station1.id}`)).json();
      assert.equal(patient.managingOrganization.reference, `Organization/${await facilityOf('bacsi.xa1')}`);
      assert.deepEqual(patient.meta.security, [{ system: OWNING_FACILITY_SYSTEM, code: await facilityOf('bacsi.xa1') }]);
    });

    test('bacsi.xa1 sees station 1\'s patients, not station 2\'s or the centre\'s', async () => {
      const doctor = await as('bacsi.xa1');
      const [own] = await patientsOf(await facilityOf('bacsi.xa1'));
      const [other] = await patientsOf(await facilityOf('bacsi.xa2'));
      const [centre] = await patientsOf(await facilityOf('bacsi.huyen'));
      assert.equal((await doctor(`/Patient/${own.id}`)).status, 200);
      assert.equal((await doctor(`/Patient/${other.id}`)).status, 403);
      assert.equal((await doctor(`/Patient/${centre.id}`)).status, 403);
      assert.equal((await (await as('bacsi.xa2'))(`/Patient/${other.id}`)).status, 200);
      assert.equal((await (await as('bacsi.huyen'))(`/Patient/${own.id}`)).status, 403);
      const history = await (await doctor('/Encounter/_history?_count=1000')).json();
      assert.ok(history.entry.length > 0);
      const ownFacility = `Organization/${await facilityOf('bacsi.xa1')}`;
      assert.ok(history.entry.every((entry: any) => entry.resource.serviceProvider.reference === ownFacility));
    });

    test('tiepdon.xa1 may not delete a patient; soyte reads no patient; duocsi.xa1 reads but does not record observations', async () => {
      const [own] = await patientsOf(await facilityOf('tiepdon.xa1'));
      assert.equal((await (await as('tiepdon.xa1'))(`/Patient/${own.id}`, { method: 'DELETE' })).status, 403);
      assert.equal((await (await as('soyte'))(`/Patient/${own.id}`)).status, 403);
      const pharmacist = await as('duocsi.xa1');
      assert.equal((await pharmacist(`/Patient/${own.id}`)).status, 200);
      const write = await pharmacist('/Observation', {
        method: 'POST', headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${own.id}` } }),
      });
      assert.equal(write.status, 403);
    });
  });
}
