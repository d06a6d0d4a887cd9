import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { countRows, locationOf, postBundle, storedContent, transaction } from './bundle-client.ts';

const NPI = 'http://hl7.org/fhir/sid/us-npi';
const CCCD = 'https://cccd.gov.vn';
const PATIENT_URN = 'urn:uuid:7d1c0e4a-2f7b-4a53-9a1e-0c6f1d2b3a41';
const OBSERVATION_URN = 'urn:uuid:4b2e9f10-8c3d-4e6a-b1f2-9d8c7b6a5f42';

const patientEntry = (value: string, extra: Record<string, unknown> = {}) => ({
  fullUrl: PATIENT_URN,
  resource: { resourceType: 'Patient', identifier: [{ system: CCCD, value }], name: [{ family: 'Trần' }] },
  request: { method: 'POST', url: 'Patient', ...extra },
});
const observationEntry = (subject: string, extra: Record<string, unknown> = {}) => ({
  fullUrl: OBSERVATION_URN,
  resource: { resourceType: 'Observation', status: 'final', code: { text: 'weight' }, subject: { reference: subject }, ...extra },
  request: { method: 'POST', url: 'Observation' },
});

for (const kind of databaseKinds()) {
  describe(`Transaction Bundles (${kind})`, () => {
    let server: TestServer;
    const read = async (reference: string) => (await server.request(`/fhir/R4/${reference}`)).json();
    const create = async (resource: Record<string, unknown>) => {
      const response = await server.request(`/fhir/R4/${resource.resourceType}`, { method: 'POST', json: resource });
      assert.equal(response.status, 201);
      return (await response.json()).id as string;
    };
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('urn:uuid fullUrls become the new ids in every link: references, contained resources, extensions, attachments, narrative', async () => {
      const observation = observationEntry(PATIENT_URN, {
        contained: [{ resourceType: 'Provenance', id: 'p', target: [{ reference: OBSERVATION_URN }], recorded: '2026-01-01T00:00:00Z', agent: [{ who: { reference: PATIENT_URN } }] }],
        extension: [{ url: 'https://sen.example/about', valueReference: { reference: PATIENT_URN } }],
        text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><a href="${PATIENT_URN}">patient</a></div>` },
        derivedFrom: [{ reference: '#p' }],
      });
      const report = {
        resource: { resourceType: 'DiagnosticReport', status: 'final', code: { text: 'r' }, result: [{ reference: OBSERVATION_URN }], presentedForm: [{ contentType: 'text/plain', url: OBSERVATION_URN }] },
        request: { method: 'POST', url: 'DiagnosticReport' },
      };
      const answer = await postBundle(server, transaction(patientEntry('079200000001'), observation, report));
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.type, 'transaction-response');
      assert.deepEqual(answer.body.entry.map((entry: { response: { status: string } }) => entry.response.status), ['201 Created', '201 Created', '201 Created']);
      const [patient, observationId, reportId] = answer.body.entry.map(locationOf);
      assert.match(answer.body.entry[0].response.location, /^Patient\/[A-Za-z0-9\-.]+\/_history\/1$/);
      assert.equal(answer.body.entry[0].response.etag, 'W/"1"');
      assert.ok(answer.body.entry[0].response.lastModified);
      assert.equal(answer.body.entry[0].resource, undefined, 'no Prefer: minimal entries');

      const stored = await read(observationId);
      assert.equal(stored.subject.reference, patient);
      assert.equal(stored.contained[0].target[0].reference, observationId);
      assert.equal(stored.contained[0].agent[0].who.reference, patient);
      assert.equal(stored.extension[0].valueReference.reference, patient);
      assert.ok(stored.text.div.includes(`href="${patient}"`));
      assert.equal(stored.derivedFrom[0].reference, '#p');
      const storedReport = await read(reportId);
      assert.equal(storedReport.result[0].reference, observationId);
      assert.equal(storedReport.presentedForm[0].url, observationId);
    });

    test('decimals keep the spelling the client wrote', async () => {
      const text = JSON.stringify(transaction(observationEntry('Patient/nobody-needed', { valueQuantity: { value: 75.5 } })))
        .replace('"value":75.5', '"value":75.0');
      const answer = await postBundle(server, text, { Prefer: 'return=representation' });
      assert.equal(answer.status, 200, answer.text);
      assert.ok(answer.text.includes('"value":75.0'), 'in the response');
      assert.ok((await storedContent(server, 'Observation', locationOf(answer.body.entry[0]).split('/')[1])).includes('"value":75.0'), 'in the database');
    });

    test('a conditional reference is resolved inside the transaction; none or several matches fail it, naming the entry', async () => {
      const doctor = await create({ resourceType: 'Practitioner', identifier: [{ system: NPI, value: '1000000001' }] });
      const encounter = (reference: string) => ({
        resource: { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, participant: [{ individual: { reference } }] },
        request: { method: 'POST', url: 'Encounter' },
      });
      const answer = await postBundle(server, transaction(encounter(`Practitioner?identifier=${NPI}|1000000001`)));
      assert.equal(answer.status, 200, answer.text);
      assert.equal((await read(locationOf(answer.body.entry[0]))).participant[0].individual.reference, `Practitioner/${doctor}`);

      const before = await countRows(server);
      const none = await postBundle(server, transaction(patientEntry('079200000002'), encounter(`Practitioner?identifier=${NPI}|999`)));
      assert.equal(none.status, 400);
      assert.match(none.body.issue[0].diagnostics, /^Bundle\.entry\[1\] \(POST Encounter\): .*matches no resource/);
      assert.deepEqual(none.body.issue[0].expression, ['Bundle.entry[1].resource.participant[0].individual.reference']);
      await create({ resourceType: 'Practitioner', identifier: [{ system: NPI, value: '1000000001' }] });
      const several = await postBundle(server, transaction(encounter(`Practitioner?identifier=${NPI}|1000000001`)));
      assert.equal(several.status, 412);
      assert.deepEqual(await countRows(server), { resources: before.resources + 1, versions: before.versions + 1 }, 'only the second practitioner');
    });

    test('ifNoneExist that matches: nothing is created and urn:uuid links point to the existing resource', async () => {
      const existing = await create({ resourceType: 'Patient', identifier: [{ system: CCCD, value: '079200000003' }] });
      const conditional = { ifNoneExist: `identifier=${CCCD}|079200000003` };
      const answer = await postBundle(server, transaction(patientEntry('079200000003', conditional), observationEntry(PATIENT_URN)));
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.entry[0].response.status, '200 OK');
      assert.equal(locationOf(answer.body.entry[0]), `Patient/${existing}`);
      assert.equal((await read(locationOf(answer.body.entry[1]))).subject.reference, `Patient/${existing}`);
    });

    test('the same conditional create twice in one Bundle makes one resource', async () => {
      const conditional = { ifNoneExist: `identifier=${CCCD}|079200000004` };
      const twin = { ...patientEntry('079200000004', conditional), fullUrl: 'urn:uuid:a1a1a1a1-0000-4000-8000-000000000001' };
      const answer = await postBundle(server, transaction(patientEntry('079200000004', conditional), twin, observationEntry(twin.fullUrl)));
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body.entry.map((entry: { response: { status: string } }) => entry.response.status), ['201 Created', '200 OK', '201 Created']);
      assert.equal(locationOf(answer.body.entry[0]), locationOf(answer.body.entry[1]));
      assert.equal((await read(locationOf(answer.body.entry[2]))).subject.reference, locationOf(answer.body.entry[0]));
      const search = await server.sen.context.database.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM search_token WHERE param = 'identifier' AND code = '079200000004'`;
      assert.equal(search[0].n, 1);
    });

    test('one invalid entry writes nothing and the OperationOutcome names it', async () => {
      const before = await countRows(server);
      const bad = observationEntry(PATIENT_URN);
      (bad.resource as Record<string, unknown>).status = 'finished-ish';
      const answer = await postBundle(server, transaction(patientEntry('079200000005'), { ...observationEntry(PATIENT_URN), fullUrl: undefined }, bad));
      assert.equal(answer.status, 422, answer.text);
      assert.equal(answer.body.resourceType, 'OperationOutcome');
      assert.ok(answer.body.issue.some((issue: { expression?: string[] }) => issue.expression?.includes('Bundle.entry[2].resource.status')), answer.text);
      assert.match(answer.body.issue[0].diagnostics, /^Bundle\.entry\[2\] \(POST Observation\)/);
      assert.deepEqual(await countRows(server), before);
    });

    test('a failure late in processing (a PUT after the creates) rolls the creates back', async () => {
      const before = await countRows(server);
      const answer = await postBundle(server, transaction(
        patientEntry('079200000006'),
        { resource: { resourceType: 'Patient', id: 'stale' }, request: { method: 'PUT', url: 'Patient/stale', ifMatch: 'W/"7"' } },
      ));
      assert.equal(answer.status, 412, answer.text);
      assert.match(answer.body.issue[0].diagnostics, /^Bundle\.entry\[1\] \(PUT Patient\)/);
      assert.deepEqual(await countRows(server), before);
    });

    test('two entries writing the same resource are refused', async () => {
      const id = await create({ resourceType: 'Patient' });
      const put = (family: string) => ({ resource: { resourceType: 'Patient', id, name: [{ family }] }, request: { method: 'PUT', url: `Patient/${id}` } });
      const answer = await postBundle(server, transaction(put('A'), put('B')));
      assert.equal(answer.status, 400);
      assert.match(answer.body.issue[0].diagnostics, /Bundle\.entry\[0\] and Bundle\.entry\[1\] both write Patient\//);
      const deleteAndPut = await postBundle(server, transaction({ request: { method: 'DELETE', url: `Patient/${id}` } }, put('C')));
      assert.equal(deleteAndPut.status, 400);
      const duplicateFullUrl = await postBundle(server, transaction(patientEntry('079200000007'), patientEntry('079200000008')));
      assert.equal(duplicateFullUrl.status, 400);
      assert.deepEqual(duplicateFullUrl.body.issue[0].expression, ['Bundle.entry[1].fullUrl']);
    });

    test('entries run in FHIR order whatever order they come in: DELETE, POST, PUT/PATCH, GET', async () => {
      const kept = await create({ resourceType: 'Patient', name: [{ family: 'Lê' }] });
      const removed = await create({ resourceType: 'Patient' });
      const patch = Buffer.from(JSON.stringify([{ op: 'add', path: '/generalPractitioner', value: [{ reference: 'urn:uuid:b0000000-0000-4000-8000-00000000000d' }] }])).toString('base64');
      const answer = await postBundle(server, transaction(
        { request: { method: 'GET', url: `Patient/${kept}` } },
        { request: { method: 'PATCH', url: `Patient/${kept}` }, resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data: patch } },
        { fullUrl: 'urn:uuid:b0000000-0000-4000-8000-00000000000d', resource: { resourceType: 'Practitioner', name: [{ family: 'Phạm' }] }, request: { method: 'POST', url: 'Practitioner' } },
        { request: { method: 'DELETE', url: `Patient/${removed}` } },
        { request: { method: 'GET', url: `Patient/${kept}/_history/1` } },
      ));
      assert.equal(answer.status, 200, answer.text);
      const [got, patched, doctor, deleted, first] = answer.body.entry;
      assert.equal(got.response.status, '200 OK');
      assert.equal(got.resource.meta.versionId, '2', 'the read sees the patch made in the same transaction');
      assert.equal(got.resource.generalPractitioner[0].reference, locationOf(doctor), 'the patch value was pointed at the new practitioner');
      assert.equal(patched.response.status, '200 OK');
      assert.equal(patched.response.etag, 'W/"2"');
      assert.equal(deleted.response.status, '204 No Content');
      assert.equal(first.resource.meta.versionId, '1');
      assert.equal((await server.request(`/fhir/R4/Patient/${removed}`)).status, 410);
    });

    test('conditional update and conditional delete by criteria', async () => {
      const url = `Patient?identifier=${CCCD}|079200000009`;
      const put = (family: string) => ({ resource: { resourceType: 'Patient', identifier: [{ system: CCCD, value: '079200000009' }], name: [{ family }] }, request: { method: 'PUT', url } });
      const created = await postBundle(server, transaction(put('Võ')));
      assert.equal(created.body.entry[0].response.status, '201 Created', created.text);
      const updated = await postBundle(server, transaction(put('Võ Thị')));
      assert.equal(updated.body.entry[0].response.status, '200 OK', updated.text);
      assert.equal(locationOf(updated.body.entry[0]), locationOf(created.body.entry[0]));
      assert.equal((await read(locationOf(updated.body.entry[0]))).name[0].family, 'Võ Thị');
      const removed = await postBundle(server, transaction({ request: { method: 'DELETE', url } }));
      assert.equal(removed.body.entry[0].response.status, '204 No Content', removed.text);
      assert.equal((await server.request(`/fhir/R4/${locationOf(created.body.entry[0])}`)).status, 410);
      const nothing = await postBundle(server, transaction({ request: { method: 'DELETE', url } }));
      assert.equal(nothing.body.entry[0].response.status, '204 No Content');
    });

    test('Prefer: return=representation and return=OperationOutcome apply to every entry', async () => {
      const representation = await postBundle(server, transaction(patientEntry('079200000010')), { Prefer: 'return=representation' });
      assert.equal(representation.body.entry[0].resource.identifier[0].value, '079200000010');
      const outcome = await postBundle(server, transaction(patientEntry('079200000011')), { Prefer: 'return=OperationOutcome' });
      assert.equal(outcome.body.entry[0].response.outcome.resourceType, 'OperationOutcome');
      assert.equal(outcome.body.entry[0].resource, undefined);
    });

    test('a 5,000-entry transaction is one all-or-nothing write', async () => {
      const before = await countRows(server);
      const entries = Array.from({ length: 5000 }, (_, i) => i === 0
        ? patientEntry('079200000012')
        : observationEntry(PATIENT_URN, { valueQuantity: { value: i, unit: 'kg' } }));
      for (const [i, entry] of entries.entries()) if (i > 0) entry.fullUrl = `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const answer = await postBundle(server, transaction(...entries));
      assert.equal(answer.status, 200, answer.text.slice(0, 500));
      assert.equal(answer.body.entry.length, 5000);
      const patient = locationOf(answer.body.entry[0]);
      assert.equal((await read(locationOf(answer.body.entry[4999]))).subject.reference, patient);
      const after = await countRows(server);
      assert.equal(after.resources - before.resources, 5000);

      (entries[4999].resource as Record<string, unknown>).status = 'nonsense';
      const failed = await postBundle(server, transaction(...entries));
      assert.equal(failed.status, 422);
      assert.ok(failed.body.issue.some((issue: { expression?: string[] }) => issue.expression?.includes('Bundle.entry[4999].resource.status')));
      assert.deepEqual(await countRows(server), after);
    });

    test('what is not a transaction or batch Bundle is answered with an OperationOutcome', async () => {
      assert.equal((await postBundle(server, { resourceType: 'Patient' })).status, 400);
      assert.equal((await postBundle(server, { resourceType: 'Bundle', type: 'document', entry: [] })).status, 400);
      assert.equal((await postBundle(server, transaction({ request: { method: 'POST', url: 'Patient' } }))).status, 400);
      const notJson = await server.request('/fhir/R4', { method: 'POST', body: '{"resourceType":', headers: { 'Content-Type': 'application/fhir+json' } });
      assert.equal(notJson.status, 400);
      assert.equal((await notJson.json()).resourceType, 'OperationOutcome');
      const empty = await postBundle(server, transaction());
      assert.deepEqual(empty.body, { resourceType: 'Bundle', type: 'transaction-response' });
      assert.equal((await server.request('/fhir/R4', { method: 'DELETE' })).status, 405);
    });
  });
}
