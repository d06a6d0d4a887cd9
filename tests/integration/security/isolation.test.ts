import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { auditEvents, clientActor, createClient, userIn, type Actor } from '../../support/actors.ts';

const FACILITY_A = 'tram-y-te-a';
const FACILITY_B = 'tram-y-te-b';
const OWNER_LABEL = 'https://sen.health.vn/fhir/CodeSystem/owning-facility';

const patient = (family: string, identifier: string) => ({
  resourceType: 'Patient',
  identifier: [{ system: 'urn:test:mrn', value: identifier }],
  name: [{ family, given: ['Thị', 'Hoa'] }],
  gender: 'female',
});
const observation = (patientId: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: `Patient/${patientId}` },
  valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
});

async function created(actor: Actor, body: Record<string, unknown>): Promise<any> {
  const response = await actor.request(`/fhir/R4/${body.resourceType}`, { method: 'POST', json: body });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

async function ids(response: Response): Promise<string[]> {
  assert.equal(response.status, 200);
  const bundle = await response.json();
  return (bundle.entry ?? []).map((entry: any) => `${entry.resource?.resourceType ?? entry.request?.url?.split('/')[0]}/${entry.resource?.id ?? entry.request?.url?.split('/')[1]}`);
}

for (const kind of databaseKinds()) {
  describe(`Facility isolation (${kind})`, () => {
    let server: TestServer;
    let doctorA: Actor;
    let doctorB: Actor;
    let nurseB: Actor;
    let patientA: any;
    let observationA: any;

    before(async () => {
      server = await startTestServer(kind);
      doctorA = await userIn(server, 'bacsi.a', 'doctor', FACILITY_A);
      doctorB = await userIn(server, 'bacsi.b', 'doctor', FACILITY_B);
      nurseB = await userIn(server, 'dieuduong.b', 'nurse', FACILITY_B);
      patientA = await created(doctorA, patient('Lê', 'A-001'));
      observationA = await created(doctorA, observation(patientA.id));
    });
    after(() => server.close());

    test('a resource records its owning facility in meta.security, whatever the client sent', async () => {
      assert.deepEqual(patientA.meta.security, [{ system: OWNER_LABEL, code: FACILITY_A }]);
      const forged = await created(doctorB, { ...patient('Phạm', 'B-forged'), meta: { security: [{ system: OWNER_LABEL, code: FACILITY_A }] } });
      assert.deepEqual(forged.meta.security, [{ system: OWNER_LABEL, code: FACILITY_B }]);
      const updated = await (await doctorA.request(`/fhir/R4/Patient/${patientA.id}`, { method: 'PUT', json: { ...patientA, meta: undefined } })).json();
      assert.deepEqual(updated.meta.security, [{ system: OWNER_LABEL, code: FACILITY_A }], 'an update keeps the owner');
      patientA = updated;
    });

    test('the owning facility reads its own patient and their observations', async () => {
      assert.equal((await doctorA.request(`/fhir/R4/Patient/${patientA.id}`)).status, 200);
      assert.equal((await doctorA.request(`/fhir/R4/Observation/${observationA.id}`)).status, 200);
      assert.equal((await doctorA.request(`/fhir/R4/Patient/${patientA.id}/_history`)).status, 200);
    });

    test('another facility cannot read, vread or see the history of the patient or their data', async () => {
      for (const path of [
        `/fhir/R4/Patient/${patientA.id}`,
        `/fhir/R4/Patient/${patientA.id}/_history/1`,
        `/fhir/R4/Patient/${patientA.id}/_history`,
        `/fhir/R4/Observation/${observationA.id}`,
        `/fhir/R4/Observation/${observationA.id}/_history/1`,
        `/fhir/R4/Observation/${observationA.id}/_history`,
      ]) {
        const response = await doctorB.request(path);
        assert.equal(response.status, 403, path);
        const outcome = await response.json();
        assert.equal(outcome.resourceType, 'OperationOutcome');
        assert.doesNotMatch(JSON.stringify(outcome), /Lê|Hoa/, 'the refusal reveals nothing about the patient');
      }
    });

    test('type and system history leave out other facilities\' patients', async () => {
      const own = await created(doctorB, patient('Đỗ', 'B-002'));
      for (const path of ['/fhir/R4/Patient/_history', '/fhir/R4/Observation/_history', '/fhir/R4/_history?_count=1000']) {
        const seen = await ids(await doctorB.request(path));
        assert.ok(!seen.includes(`Patient/${patientA.id}`), path);
        assert.ok(!seen.includes(`Observation/${observationA.id}`), path);
      }
      assert.ok((await ids(await doctorB.request('/fhir/R4/Patient/_history'))).includes(`Patient/${own.id}`));
      assert.ok((await ids(await doctorA.request('/fhir/R4/Observation/_history'))).includes(`Observation/${observationA.id}`));
    });

    test('another facility cannot update, patch or delete the patient, nor write into their record', async () => {
      const put = await doctorB.request(`/fhir/R4/Patient/${patientA.id}`, { method: 'PUT', json: { ...patientA, gender: 'other' } });
      assert.equal(put.status, 403);
      const patch = await doctorB.request(`/fhir/R4/Patient/${patientA.id}`, {
        method: 'PATCH', headers: { 'Content-Type': 'application/json-patch+json' }, body: JSON.stringify([{ op: 'replace', path: '/gender', value: 'other' }]),
      });
      assert.equal(patch.status, 403);
      assert.equal((await doctorB.request(`/fhir/R4/Observation/${observationA.id}`, { method: 'DELETE' })).status, 403);
      const intoRecord = await doctorB.request('/fhir/R4/Observation', { method: 'POST', json: observation(patientA.id) });
      assert.equal(intoRecord.status, 403, 'an observation about another facility\'s patient is refused');
      const read = await (await doctorA.request(`/fhir/R4/Patient/${patientA.id}`)).json();
      assert.equal(read.gender, 'female');
      assert.equal((await doctorA.request(`/fhir/R4/Observation/${observationA.id}`)).status, 200);
    });

    test('a conditional create or update does not match (or reveal) another facility\'s patient', async () => {
      const conditional = await doctorB.request('/fhir/R4/Patient', {
        method: 'POST', json: patient('Lê', 'A-001'), headers: { 'If-None-Exist': 'identifier=urn:test:mrn|A-001' },
      });
      assert.equal(conditional.status, 201, 'facility B gets its own record, not A\'s');
      assert.notEqual((await conditional.json()).id, patientA.id);
      const update = await doctorB.request('/fhir/R4/Patient?identifier=urn:test:mrn|A-001', { method: 'PUT', json: patient('Lê', 'A-001') });
      assert.equal(update.status, 200);
      assert.notEqual((await update.json()).id, patientA.id);
    });

    test('searches, _include, _revinclude, compartment searches and $everything leave out other facilities\' patients', async () => {
      const ownPatient = await created(doctorB, patient('Lê', 'B-SEARCH'));
      const ownObservation = await created(doctorB, observation(ownPatient.id));
      const searches = [
        '/fhir/R4/Patient?family=Lê',
        `/fhir/R4/Patient?_id=${patientA.id},${ownPatient.id}`,
        '/fhir/R4/Patient?identifier=urn:test:mrn|A-001',
        '/fhir/R4/Observation?code=http://loinc.org|8867-4',
        `/fhir/R4/Observation?subject=Patient/${patientA.id}`,
        '/fhir/R4/Observation?code=http://loinc.org|8867-4&_include=Observation:subject',
        '/fhir/R4/Patient?family=Lê&_revinclude=Observation:subject',
        '/fhir/R4/?_type=Patient,Observation',
      ];
      for (const path of searches) {
        const seen = await ids(await doctorB.request(path));
        assert.ok(!seen.includes(`Patient/${patientA.id}`), path);
        assert.ok(!seen.includes(`Observation/${observationA.id}`), path);
      }
      const own = await ids(await doctorB.request('/fhir/R4/Observation?code=http://loinc.org|8867-4&_include=Observation:subject'));
      assert.ok(own.includes(`Observation/${ownObservation.id}`) && own.includes(`Patient/${ownPatient.id}`));
      const posted = await doctorB.request('/fhir/R4/Patient/_search', {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'identifier=urn:test:mrn|A-001',
      });
      assert.ok(!(await ids(posted)).includes(`Patient/${patientA.id}`));
      const everything = await doctorB.request(`/fhir/R4/Patient/${patientA.id}/$everything`);
      assert.equal(everything.status, 403, '$everything of another facility\'s patient');
      const compartment = await doctorB.request(`/fhir/R4/Patient/${patientA.id}/Observation`);
      assert.equal(compartment.status, 403, 'a compartment search of another facility\'s patient');
      assert.ok((await ids(await doctorB.request(`/fhir/R4/Patient/${ownPatient.id}/Observation`))).includes(`Observation/${ownObservation.id}`));
      const ownEverything = await ids(await doctorB.request(`/fhir/R4/Patient/${ownPatient.id}/$everything`));
      assert.ok(ownEverything.includes(`Observation/${ownObservation.id}`));
      const theirs = await ids(await doctorA.request('/fhir/R4/Patient?identifier=urn:test:mrn|A-001&_revinclude=Observation:subject'));
      assert.ok(theirs.includes(`Patient/${patientA.id}`) && theirs.includes(`Observation/${observationA.id}`), 'the owner finds them');
    });

    test('a transaction or batch cannot reach another facility\'s patient either', async () => {
      const bundle = (type: string, entry: unknown[]) => ({ method: 'POST', json: { resourceType: 'Bundle', type, entry } });
      const update = await doctorB.request('/fhir/R4', bundle('transaction', [
        { request: { method: 'PUT', url: `Patient/${patientA.id}` }, resource: { ...patientA, gender: 'other' } },
      ]));
      assert.equal(update.status, 403);
      const into = await doctorB.request('/fhir/R4', bundle('transaction', [
        { fullUrl: 'urn:uuid:7f0c9a70-1b2c-4d5e-8f90-123456789abc', request: { method: 'POST', url: 'Observation' }, resource: observation(patientA.id) },
      ]));
      assert.equal(into.status, 403, 'a transaction writing into another facility\'s record is refused as a whole');
      const deleted = await doctorB.request('/fhir/R4', bundle('transaction', [{ request: { method: 'DELETE', url: `Observation/${observationA.id}` } }]));
      assert.equal(deleted.status, 403);
      const own = await created(doctorB, patient('Tạ', 'B-BATCH'));
      const batch = await doctorB.request('/fhir/R4', bundle('batch', [
        { request: { method: 'GET', url: `Patient/${patientA.id}` } },
        { request: { method: 'GET', url: `Observation/${observationA.id}/_history/1` } },
        { request: { method: 'GET', url: `Patient/${own.id}` } },
      ]));
      assert.equal(batch.status, 200);
      const statuses = (await batch.json()).entry.map((entry: any) => entry.response.status);
      assert.match(statuses[0], /^403/);
      assert.match(statuses[1], /^403/);
      assert.match(statuses[2], /^200/);
      assert.equal((await (await doctorA.request(`/fhir/R4/Patient/${patientA.id}`)).json()).gender, 'female');
      assert.equal((await doctorA.request(`/fhir/R4/Observation/${observationA.id}`)).status, 200);
    });

    test('a referral opens the patient\'s whole record to the facility referred to', async () => {
      const referred = await created(doctorA, patient('Vũ', 'A-REF'));
      const referredObservation = await created(doctorA, observation(referred.id));
      assert.equal((await nurseB.request(`/fhir/R4/Patient/${referred.id}`)).status, 403);
      await server.sen.context.grants.grantReferral({ patientId: referred.id, facilityId: FACILITY_B, reason: 'Chuyển tuyến', grantedBy: 'test' });
      assert.equal((await nurseB.request(`/fhir/R4/Patient/${referred.id}`)).status, 200);
      assert.equal((await nurseB.request(`/fhir/R4/Observation/${referredObservation.id}`)).status, 200);
      assert.ok((await ids(await nurseB.request('/fhir/R4/Observation/_history'))).includes(`Observation/${referredObservation.id}`));
      const added = await created(nurseB, observation(referred.id));
      assert.deepEqual(added.meta.security, [{ system: OWNER_LABEL, code: FACILITY_B }], 'what B writes belongs to B');
      assert.equal((await doctorA.request(`/fhir/R4/Patient/${patientA.id}`)).status, 200);
      assert.equal((await nurseB.request(`/fhir/R4/Patient/${patientA.id}`)).status, 403, 'other patients stay closed');
    });

    test('break-the-glass needs a reason, opens one patient for a while, and is audited', async () => {
      const missing = await doctorB.request('/api/break-glass', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ patient: `Patient/${patientA.id}` }) });
      assert.equal(missing.status, 400);
      const short = await doctorB.request('/api/break-glass', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ patient: `Patient/${patientA.id}`, reason: 'cấp cứu' }) });
      assert.equal(short.status, 400, 'a reason of a word or two is not a reason');
      const receptionist = await userIn(server, 'tiepdon.b', 'receptionist', FACILITY_B);
      const notAllowed = await receptionist.request('/api/break-glass', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ patient: patientA.id, reason: 'Bệnh nhân cấp cứu, bất tỉnh' }) });
      assert.equal(notAllowed.status, 403);
      assert.equal((await doctorB.request(`/fhir/R4/Patient/${patientA.id}`)).status, 403);

      const reason = 'Bệnh nhân cấp cứu bất tỉnh, cần xem tiền sử dị ứng';
      const opened = await doctorB.request('/api/break-glass', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ patient: `Patient/${patientA.id}`, reason }) });
      assert.equal(opened.status, 201);
      const grant = await opened.json();
      assert.ok(Date.parse(grant.expires_at) > Date.now());
      assert.equal((await doctorB.request(`/fhir/R4/Patient/${patientA.id}`)).status, 200);
      assert.equal((await doctorB.request(`/fhir/R4/Observation/${observationA.id}`)).status, 200);
      assert.equal((await nurseB.request(`/fhir/R4/Patient/${patientA.id}`)).status, 403, 'the grant is for that one user');

      const events = await auditEvents(server);
      const glass = events.find((event) => event.subtype?.some((coding: any) => coding.code === '110127'));
      assert.ok(glass, 'an Emergency Override Started entry');
      assert.equal(glass.purposeOfEvent[0].coding[0].code, 'BTG');
      assert.equal(glass.purposeOfEvent[0].text, reason);
      assert.equal(glass.agent[0].who.identifier.value, 'bacsi.b');
      assert.ok(glass.entity.some((entity: any) => entity.what?.reference === `Patient/${patientA.id}`));
      const emergencyRead = events.find((event) => event.subtype?.[0]?.code === 'read' && event.purposeOfEvent?.[0]?.coding?.[0]?.code === 'BTG' &&
        event.entity?.some((entity: any) => entity.what?.reference === `Observation/${observationA.id}`));
      assert.ok(emergencyRead, 'reads under break-the-glass are marked as such');

      const unknown = await doctorB.request('/api/break-glass', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ patient: 'Patient/khong-co', reason }) });
      assert.equal(unknown.status, 404);
    });

    test('system administrators and system-scoped machine clients see every facility; user-scoped clients only theirs', async () => {
      assert.equal((await server.request(`/fhir/R4/Patient/${patientA.id}`)).status, 200);
      const ioc = await clientActor(server, await createClient(server, 'ioc-tinh', 'system/*.read'));
      assert.equal((await ioc.request(`/fhir/R4/Observation/${observationA.id}`)).status, 200);
      assert.equal((await ioc.request('/fhir/R4/Patient', { method: 'POST', json: patient('Ngô', 'X') })).status, 403, 'read scopes do not write');
      const lab = await clientActor(server, await createClient(server, 'lab-b', 'user/Observation.cruds user/Patient.rs', FACILITY_B));
      assert.equal((await lab.request(`/fhir/R4/Observation/${observationA.id}`)).status, 403);
      const labResult = await created(lab, { ...observation((await created(doctorB, patient('Hồ', 'B-LAB'))).id) });
      assert.deepEqual(labResult.meta.security, [{ system: OWNER_LABEL, code: FACILITY_B }]);
    });
  });
}
