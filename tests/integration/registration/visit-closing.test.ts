import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { userIn, type Actor } from '../../support/actors.ts';
import { ADVICE_EXTENSION, DISCHARGE_DISPOSITION_SYSTEM, FOLLOW_UP_EXTENSION } from '../../../fhir/examination/visit-closing.ts';
import { vnDate, DAY_MS } from '../../../fhir/vietnam-time.ts';
import { adultForm, clerk, createFacility, postJson, type DeskFixture } from './support.ts';

for (const kind of databaseKinds()) {
  describe(`Closing a visit (${kind})`, () => {
    let server: TestServer;
    let desk: DeskFixture;
    let doctor: Actor;
    let visit: string;

    before(async () => {
      server = await startTestServer(kind);
      desk = await createFacility(server, 'tram-ket-thuc', ['Phòng khám 1']);
      const receptionist = await clerk(server, 'tiepdon.kt', desk.facilityId);
      doctor = await userIn(server, 'bacsi.kt', 'doctor', desk.facilityId);
      const patient = (await (await postJson(receptionist, '/api/registration/patients', { form: adultForm() })).json()).patient.id;
      const registered = await postJson(receptionist, '/api/registration/visits', { patientId: patient, locationId: desk.rooms[0], reason: 'Ho', payment: 'self-pay', priority: 'none' });
      visit = (await registered.json()).encounterId;
      assert.equal((await postJson(doctor, `/api/queue/${visit}/call`, {})).status, 200);
    });
    after(() => server.close());

    test('bad closings are a clear 400 and leave the visit open', async () => {
      for (const [body, pattern] of [
        [{ outcome: 'gone' }, /outcome/],
        [{ outcome: 'home', followUp: '2020-01-01' }, /after today/],
        [{ outcome: 'home', followUp: 'next week' }, /YYYY-MM-DD/],
        [{ outcome: 'home', advice: 'x'.repeat(2001) }, /2000/],
      ] as const) {
        const response = await postJson(doctor, `/api/queue/${visit}/finish`, body);
        assert.equal(response.status, 400);
        const answer = await response.json();
        assert.equal(answer.error, 'invalid_request');
        assert.match(answer.message, pattern);
      }
      assert.equal((await (await doctor.request(`/fhir/R4/Encounter/${visit}`)).json()).status, 'in-progress');
    });

    test('a referral closes the visit: finished, period.end, the disposition, follow-up and advice; the queue moves on', async () => {
      const followUp = vnDate(Date.now() + 7 * DAY_MS);
      const response = await postJson(doctor, `/api/queue/${visit}/finish`, { outcome: 'referred', followUp, advice: '  Mang theo giấy chuyển tuyến.  ' });
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal((await response.json()).item.status, 'finished');
      const encounter = await (await doctor.request(`/fhir/R4/Encounter/${visit}`)).json();
      assert.equal(encounter.status, 'finished');
      assert.ok(encounter.period.end);
      assert.deepEqual(encounter.hospitalization.dischargeDisposition.coding, [{ system: DISCHARGE_DISPOSITION_SYSTEM, code: 'other-hcf', display: 'Other healthcare facility' }]);
      assert.equal(encounter.hospitalization.dischargeDisposition.text, 'Chuyển tuyến');
      const closingExtensions = encounter.extension.filter((entry: { url: string }) => [FOLLOW_UP_EXTENSION, ADVICE_EXTENSION].includes(entry.url));
      assert.deepEqual(closingExtensions, [{ url: FOLLOW_UP_EXTENSION, valueDate: followUp }, { url: ADVICE_EXTENSION, valueString: 'Mang theo giấy chuyển tuyến.' }]);
      assert.ok(encounter.extension.some((entry: { url: string }) => entry.url.endsWith('/visit-payment')), 'the registration\'s extensions stay');
      const queue = await (await doctor.request(`/api/queue?location=${desk.rooms[0]}`)).json();
      assert.equal(queue.rooms[0].items.find((item: { encounterId: string }) => item.encounterId === visit).status, 'finished');
      assert.equal((await postJson(doctor, `/api/queue/${visit}/finish`, { outcome: 'home' })).status, 409, 'a finished visit is not closed twice');
    });
  });
}
