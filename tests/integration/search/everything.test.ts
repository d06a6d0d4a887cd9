// Patient/$everything returns exactly the patient and the resources of its compartment (R4 Patient
// CompartmentDefinition): expected sets written by hand from the references in the data below.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { found, getBundle } from './fixtures.ts';

const code = { coding: [{ system: 'http://loinc.org', code: '8867-4' }] };
const RESOURCES = [
  { resourceType: 'Organization', id: 'org', name: 'Trạm Y tế' },
  { resourceType: 'Practitioner', id: 'doc', name: [{ family: 'Phạm' }] },
  { resourceType: 'Patient', id: 'p1', name: [{ family: 'Võ' }], managingOrganization: { reference: 'Organization/org' }, generalPractitioner: [{ reference: 'Practitioner/doc' }] },
  { resourceType: 'Patient', id: 'p2', name: [{ family: 'Hồ' }], link: [{ other: { reference: 'Patient/p1' }, type: 'seealso' }] },
  { resourceType: 'Encounter', id: 'e1', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/p1' }, participant: [{ individual: { reference: 'Practitioner/doc' } }] },
  { resourceType: 'Observation', id: 'o1', status: 'final', code, subject: { reference: 'Patient/p1' }, encounter: { reference: 'Encounter/e1' } },
  // p2 performed an observation about p1: it is in both compartments.
  { resourceType: 'Observation', id: 'o-both', status: 'final', code, subject: { reference: 'Patient/p1' }, performer: [{ reference: 'Patient/p2' }] },
  { resourceType: 'Observation', id: 'o2', status: 'final', code, subject: { reference: 'Patient/p2' } },
  { resourceType: 'Observation', id: 'o-deleted', status: 'final', code, subject: { reference: 'Patient/p1' } },
  { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p2' }, asserter: { reference: 'Patient/p1' } },
  { resourceType: 'AllergyIntolerance', id: 'a1', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] }, patient: { reference: 'Patient/p1' } },
  { resourceType: 'Coverage', id: 'cov1', status: 'active', beneficiary: { reference: 'Patient/p1' }, payor: [{ reference: 'Organization/org' }] },
  { resourceType: 'MedicationRequest', id: 'm1', status: 'active', intent: 'order', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { text: 'Paracetamol 500mg' } },
  // A reference from a parameter that is not a compartment link (Observation.focus) does not bring it in.
  { resourceType: 'Observation', id: 'o-focus', status: 'final', code, subject: { reference: 'Patient/p2' }, focus: [{ reference: 'Patient/p1' }] },
];

const P1 = ['Patient/p1', 'Encounter/e1', 'Observation/o1', 'Observation/o-both', 'Condition/c1', 'AllergyIntolerance/a1', 'Coverage/cov1', 'MedicationRequest/m1'].sort();
// p2: itself, its own observations, the one it performed, its condition; and Patient/p1? No: p1 does not link to
// p2. (p2 links to p1, so p2 is in p1's compartment through Patient.link.)
const P2 = ['Patient/p2', 'Observation/o2', 'Observation/o-both', 'Observation/o-focus', 'Condition/c1'].sort();

for (const kind of databaseKinds()) {
  describe(`Patient/$everything (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
      for (const resource of RESOURCES) {
        const response = await server.request(`/fhir/R4/${resource.resourceType}/${resource.id}`, { method: 'PUT', json: resource });
        assert.ok(response.status < 300, `${resource.resourceType}/${resource.id}: ${await response.text()}`);
      }
      assert.equal((await server.request('/fhir/R4/Observation/o-deleted', { method: 'DELETE' })).status, 200);
    });
    after(() => server.close());

    test('exactly the patient and its compartment, over several pages', async () => {
      assert.deepEqual(await found(server, 'Patient/p1/$everything?_count=3'), [...P1, 'Patient/p2'].sort());
      assert.deepEqual(await found(server, 'Patient/p2/$everything?_count=2'), P2);
    });

    test('_type narrows it; _since keeps what changed since', async () => {
      assert.deepEqual(await found(server, 'Patient/p1/$everything?_type=Observation,Condition'), ['Condition/c1', 'Observation/o-both', 'Observation/o1']);
      const since = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const updated = { ...RESOURCES.find((r) => r.id === 'a1')!, criticality: 'high' };
      assert.equal((await server.request('/fhir/R4/AllergyIntolerance/a1', { method: 'PUT', json: updated })).status, 200);
      assert.deepEqual(await found(server, `Patient/p1/$everything?_since=${encodeURIComponent(since)}`), ['AllergyIntolerance/a1']);
    });

    test('an unknown patient is a 404; a bad _since is a 400', async () => {
      assert.equal((await server.request('/fhir/R4/Patient/nobody/$everything')).status, 404);
      const response = await server.request('/fhir/R4/Patient/p1/$everything?_since=yesterday');
      assert.equal(response.status, 400);
      const bundle = await getBundle(server, 'Patient/p1/$everything?_count=100');
      assert.ok(bundle.entry!.every((entry) => entry.search?.mode === 'match'));
    });
  });
}
