import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { auditEvents, userIn, type Actor } from '../../support/actors.ts';
import { adultForm, clerk, createFacility, postJson, type DeskFixture } from './support.ts';

for (const kind of databaseKinds()) {
  describe(`Merging duplicate patient records (${kind})`, () => {
    let server: TestServer;
    let desk: DeskFixture;
    let receptionist: Actor;
    let kept: string;
    let duplicate: string;
    let visit: string;

    before(async () => {
      server = await startTestServer(kind);
      desk = await createFacility(server, 'tram-gop', ['Phòng khám bệnh']);
      receptionist = await clerk(server, 'tiepdon.gop', desk.facilityId);
      kept = (await (await postJson(receptionist, '/api/registration/patients', { form: adultForm({ cccd: '001185012345' }) })).json()).patient.id;
      duplicate = (await (await postJson(receptionist, '/api/registration/patients', { form: adultForm({ fullName: 'Nguyen Thi Anh', birthDate: '1985' }) })).json()).patient.id;
      const registered = await postJson(receptionist, '/api/registration/visits', { patientId: duplicate, locationId: desk.rooms[0], reason: 'Ho', payment: 'self-pay', priority: 'none' });
      visit = (await registered.json()).encounterId;
    });
    after(() => server.close());

    test('only a facility administrator merges; the references move, the duplicate retires, and it is audited', async () => {
      assert.equal((await postJson(receptionist, '/api/patients/merge', { sourceId: duplicate, targetId: kept, reason: 'Cùng một người' })).status, 403);
      const merged = await postJson(desk.admin, '/api/patients/merge', { sourceId: duplicate, targetId: kept, reason: 'Cùng một người, trùng hồ sơ' });
      assert.equal(merged.status, 201, await merged.clone().text());
      const body = await merged.json();
      assert.deepEqual(body.moved, [`Encounter/${visit}`]);
      const encounter = await (await receptionist.request(`/fhir/R4/Encounter/${visit}`)).json();
      assert.equal(encounter.subject.reference, `Patient/${kept}`);
      const retired = await (await receptionist.request(`/fhir/R4/Patient/${duplicate}`)).json();
      assert.equal(retired.active, false);
      assert.deepEqual(retired.link, [{ other: { reference: `Patient/${kept}` }, type: 'replaced-by' }]);
      const target = await (await receptionist.request(`/fhir/R4/Patient/${kept}`)).json();
      assert.deepEqual(target.link, [{ other: { reference: `Patient/${duplicate}` }, type: 'replaces' }]);
      const again = await postJson(desk.admin, '/api/patients/merge', { sourceId: duplicate, targetId: kept, reason: 'lần nữa' });
      assert.equal(again.status, 409);
      const events = await auditEvents(server);
      // One entry for the call: named by its route, with the method and path as its query.
      const queryOf = (event: Record<string, any>) =>
        (event.entity ?? []).map((entity: { query?: string }) => entity.query && Buffer.from(entity.query, 'base64').toString('utf8'));
      const mergeEvents = events.filter((event) => event.outcome === '0' && (
        event.subtype?.some((coding: { code: string }) => coding.code === 'api:POST /api/patients/merge') || queryOf(event).includes('POST /api/patients/merge')));
      assert.equal(mergeEvents.length, 1, 'the merge is in the audit trail, once');
      assert.deepEqual(queryOf(mergeEvents[0]).filter(Boolean), ['POST /api/patients/merge']);
      const [mergeEvent] = mergeEvents;
      const named = JSON.stringify(mergeEvent.entity);
      assert.ok(named.includes(duplicate) && named.includes(kept));
    });

    test('undo moves the references back and reactivates the duplicate; another facility cannot touch it', async () => {
      const list = await (await desk.admin.request('/api/patients/merges')).json();
      assert.equal(list.merges.length, 1);
      const other = await createFacility(server, 'tram-khac-gop', []);
      assert.equal((await postJson(other.admin, `/api/patients/merges/${list.merges[0].id}/undo`, {})).status, 403);
      const undone = await postJson(desk.admin, `/api/patients/merges/${list.merges[0].id}/undo`, {});
      assert.equal(undone.status, 200, await undone.clone().text());
      const encounter = await (await receptionist.request(`/fhir/R4/Encounter/${visit}`)).json();
      assert.equal(encounter.subject.reference, `Patient/${duplicate}`);
      const restored = await (await receptionist.request(`/fhir/R4/Patient/${duplicate}`)).json();
      assert.equal(restored.active, true);
      assert.equal(restored.link, undefined);
      const target = await (await receptionist.request(`/fhir/R4/Patient/${kept}`)).json();
      assert.equal(target.link, undefined);
      assert.equal((await postJson(desk.admin, `/api/patients/merges/${list.merges[0].id}/undo`, {})).status, 409);
      const outsider = await userIn(server, 'quantri.ngoai', 'facility-admin', 'tram-ngoai');
      assert.equal((await postJson(outsider, '/api/patients/merge', { sourceId: duplicate, targetId: kept, reason: 'không phải của tôi' })).status, 403);
    });
  });
}
