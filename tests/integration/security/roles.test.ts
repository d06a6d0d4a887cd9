import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { userIn, type Actor } from '../../support/actors.ts';

const FACILITY = 'tram-y-te-roles';

for (const kind of databaseKinds()) {
  describe(`Role permissions (${kind})`, () => {
    let server: TestServer;
    let receptionist: Actor;
    let doctor: Actor;
    let pharmacist: Actor;
    let analyst: Actor;
    let patientId: string;
    let observationId: string;

    before(async () => {
      server = await startTestServer(kind);
      receptionist = await userIn(server, 'tiepdon', 'receptionist', FACILITY);
      doctor = await userIn(server, 'bacsi', 'doctor', FACILITY);
      pharmacist = await userIn(server, 'duocsi', 'pharmacist', FACILITY);
      analyst = await userIn(server, 'soyte', 'analyst', null);
      const created = await receptionist.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient', name: [{ family: 'Trịnh' }], gender: 'male' } });
      assert.equal(created.status, 201);
      patientId = (await created.json()).id;
      const observation = await doctor.request('/fhir/R4/Observation', {
        method: 'POST',
        json: { resourceType: 'Observation', status: 'final', code: { text: 'Mạch' }, subject: { reference: `Patient/${patientId}` } },
      });
      assert.equal(observation.status, 201);
      observationId = (await observation.json()).id;
    });
    after(() => server.close());

    test('a receptionist registers and updates patients but may not delete one', async () => {
      const read = await (await receptionist.request(`/fhir/R4/Patient/${patientId}`)).json();
      assert.equal((await receptionist.request(`/fhir/R4/Patient/${patientId}`, { method: 'PUT', json: { ...read, gender: 'female' } })).status, 200);
      const refused = await receptionist.request(`/fhir/R4/Patient/${patientId}`, { method: 'DELETE' });
      assert.equal(refused.status, 403);
      assert.match((await refused.json()).issue[0].diagnostics, /receptionist role may not delete Patient/);
      const inBundle = await receptionist.request('/fhir/R4', { method: 'POST', json: { resourceType: 'Bundle', type: 'transaction', entry: [
        { request: { method: 'DELETE', url: `Patient/${patientId}` } },
      ] } });
      assert.equal(inBundle.status, 403, 'nor through a transaction');
      assert.equal((await doctor.request(`/fhir/R4/Patient/${patientId}`)).status, 200, 'the patient is still there');
    });

    test('a receptionist may not read clinical data; a pharmacist reads it but may not record it', async () => {
      assert.equal((await receptionist.request(`/fhir/R4/Observation/${observationId}`)).status, 403);
      assert.equal((await pharmacist.request(`/fhir/R4/Observation/${observationId}`)).status, 200);
      const write = await pharmacist.request('/fhir/R4/Observation', {
        method: 'POST', json: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${patientId}` } },
      });
      assert.equal(write.status, 403);
    });

    test('an analyst reads no patient data at all', async () => {
      for (const path of [`/fhir/R4/Patient/${patientId}`, `/fhir/R4/Observation/${observationId}`, '/fhir/R4/Patient/_history', `/fhir/R4/Patient/${patientId}/_history/1`]) {
        assert.equal((await analyst.request(path)).status, 403, path);
      }
      const system = await (await analyst.request('/fhir/R4/_history')).json();
      assert.equal(system.entry, undefined, 'system history shows the analyst nothing of patients');
    });

    test('nobody, system administrators included, writes AuditEvents through the API', async () => {
      const event = { resourceType: 'AuditEvent', type: { code: 'rest' }, recorded: new Date().toISOString(), agent: [{ requestor: true }], source: { observer: { display: 'x' } } };
      assert.equal((await server.request('/fhir/R4/AuditEvent', { method: 'POST', json: event })).status, 403);
      assert.equal((await server.request('/fhir/R4/AuditEvent/x', { method: 'PUT', json: { ...event, id: 'x' } })).status, 403);
      assert.equal((await server.request('/fhir/R4/AuditEvent/x', { method: 'DELETE' })).status, 403);
      assert.equal((await doctor.request('/fhir/R4/AuditEvent?patient=x')).status, 403, 'clinicians do not search the audit trail');
      const inBundle = await server.request('/fhir/R4', { method: 'POST', json: { resourceType: 'Bundle', type: 'transaction', entry: [
        { fullUrl: 'urn:uuid:0d4e1c52-7a4b-4c1e-9f3e-5d2a6b7c8d9e', request: { method: 'POST', url: 'AuditEvent' }, resource: event },
      ] } });
      assert.equal(inBundle.status, 403, 'nor through a transaction');
    });
  });
}
