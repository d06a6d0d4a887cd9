import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PatientChart } from '../../../fhir/chart/patient-chart.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { visitHistoryBundle, visitStart, visitVitals } from '../../support/visit-history.ts';
import { openClinic, prescriptionBody, sendJson, type Clinic } from '../prescriptions/clinic.ts';

const VISITS = 25;

for (const kind of databaseKinds()) {
  describe(`Patient chart (${kind})`, () => {
    let clinic: Clinic;
    let newestVisit: string;
    let codes: { first: string; revised: string };

    const chartOf = async (query = '', actor = clinic.doctor) => {
      const response = await actor.request(`/api/patients/${clinic.patient.id}/chart${query}`);
      return { status: response.status, body: (await response.json()) as PatientChart & { error?: string; message?: string } };
    };

    before(async () => {
      clinic = await openClinic(kind);
      const saved = await clinic.doctor.request('/fhir/R4', { method: 'POST', json: visitHistoryBundle(clinic.patient.id, 0, VISITS) });
      assert.equal(saved.status, 200, await saved.clone().text());
      newestVisit = (await chartOf('?count=1')).body.visits[0].id;
      const signed = await sendJson(clinic.doctor, '/api/prescriptions', prescriptionBody(clinic, clinic.patient, { encounterId: newestVisit }));
      assert.equal(signed.status, 201, await signed.clone().text());
      const first = ((await signed.json()) as { code: string }).code;
      const revised = await sendJson(clinic.doctor, `/api/prescriptions/${first}/revise`, prescriptionBody(clinic, clinic.patient, {
        encounterId: newestVisit,
        lines: [prescriptionBody(clinic, clinic.patient).lines[0]],
      }));
      assert.equal(revised.status, 201, await revised.clone().text());
      codes = { first, revised: ((await revised.json()) as { code: string }).code };
    });
    after(() => clinic.close());

    test('the first page: the newest visits first, each with its diagnosis, vitals and prescriptions grouped by code', async () => {
      const { status, body } = await chartOf();
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.visits.length, 20);
      assert.deepEqual(body.visits.map((visit) => visit.start), Array.from({ length: 20 }, (_, i) => visitStart(VISITS - 1 - i)));
      const [newest] = body.visits;
      assert.equal(newest.id, newestVisit);
      assert.equal(newest.status, 'finished');
      assert.equal(newest.reason, `Tái khám lần ${VISITS}`);
      assert.deepEqual(newest.diagnoses, [{ code: 'I10', display: 'Bệnh lý tăng huyết áp', main: true }]);
      const expected = visitVitals(VISITS - 1);
      assert.deepEqual(newest.vitals, { ...expected, pulse: 76 });
      // The revision cancelled the first prescription: both show, by national code, with their status and drugs.
      const byCode = new Map(newest.prescriptions.map((prescription) => [prescription.code, prescription]));
      assert.equal(byCode.size, 2);
      assert.equal(byCode.get(codes.first)?.status, 'cancelled');
      assert.equal(byCode.get(codes.first)?.drugs.length, 2);
      assert.equal(byCode.get(codes.revised)?.status, 'active');
      assert.deepEqual(byCode.get(codes.revised)?.drugs.map((drug) => drug.name.split(' ')[0]), ['Paracetamol']);
      assert.ok(byCode.get(codes.revised)?.drugs[0].dosage.length, 'the dosage wording is shown');
      assert.deepEqual(body.visits[1].prescriptions, []);
      // The trend: oldest first, blood pressure and weight of each visit of the page.
      assert.equal(body.trend.length, 20);
      assert.deepEqual(body.trend.at(-1), { date: visitStart(VISITS - 1), ...expected });
      assert.equal(body.trend[0].date, visitStart(VISITS - 20));
      assert.ok(body.nextPage, 'there are older visits');
    });

    test('paging: the next page holds the older visits and is the last', async () => {
      const first = (await chartOf()).body;
      const { status, body } = await chartOf(`?page=${encodeURIComponent(first.nextPage!)}`);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.visits.map((visit) => visit.start), Array.from({ length: VISITS - 20 }, (_, i) => visitStart(VISITS - 21 - i)));
      assert.equal(body.nextPage, undefined);
    });

    test('paging never skips or repeats visits that started at the same instant across a page boundary', async () => {
      // Four older visits registered at the same minute (a family seen together): pages of 3 cut through them.
      const sameStart = '2019-06-01T08:00:00+07:00';
      for (let i = 0; i < 4; i++) {
        const created = await clinic.doctor.request('/fhir/R4/Encounter', { method: 'POST', json: {
          resourceType: 'Encounter', status: 'finished',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
          subject: { reference: `Patient/${clinic.patient.id}` }, period: { start: sameStart },
        } });
        assert.equal(created.status, 201, await created.clone().text());
      }
      const seen: string[] = [];
      let page: string | undefined;
      do {
        const { status, body } = await chartOf(`?count=3${page ? `&page=${encodeURIComponent(page)}` : ''}`);
        assert.equal(status, 200, JSON.stringify(body));
        seen.push(...body.visits.map((visit) => visit.id));
        page = body.nextPage;
      } while (page);
      assert.equal(seen.length, VISITS + 4);
      assert.equal(new Set(seen).size, VISITS + 4, 'no visit twice');
    });

    test('another facility sees no chart; bad input is a clear 4xx', async () => {
      const other = await chartOf('', clinic.otherDoctor);
      assert.ok([403, 404].includes(other.status), `another station's doctor got ${other.status}`);
      assert.equal(other.body.visits, undefined);
      const badPage = await chartOf('?page=');
      assert.equal(badPage.status, 400);
      assert.equal(badPage.body.error, 'invalid_request');
      assert.match(badPage.body.message!, /page/);
      assert.equal((await chartOf('?page=not-a-cursor')).status, 400, 'a made-up page is refused, not a 500');
      assert.equal((await chartOf('?count=0')).status, 400);
      assert.equal((await chartOf('?count=51')).status, 400);
      const unknown = await clinic.doctor.request('/api/patients/no-such-patient/chart');
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as { error: string }).error, 'not_found');
    });
  });
}
