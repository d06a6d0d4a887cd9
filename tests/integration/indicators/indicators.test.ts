// Health indicators on generated data: the figures kept on write equal a recount and counts made here straight from
// the resources; late edits correct them; the API is for facility administrators and analysts only; no report or
// export carries a name, an identifier or free text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition, Encounter, MeasureReport, Patient } from '@medplum/fhirtypes';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { auditEvents, userIn, type Actor } from '../../support/actors.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { createSyntheticDataset } from '../../../fhir/synthetic/dataset.ts';
import { ownedPatientRecordResources, ownedSetupResources } from '../../../server/seed/synthetic-owners.ts';
import { runWithAccess } from '../../../server/access/request-access.ts';
import { systemJobAccess } from '../../../server/access/system-access.ts';
import { labelOwningFacility } from '../../../server/access/facility-label.ts';
import { vietnameseAddress } from '../../../fhir/terminology/address.ts';
import { ageOn } from '../../../fhir/registration/dates.ts';
import { vnDate } from '../../../fhir/vietnam-time.ts';
import type { ResourceJson } from '../../../fhir/resource-meta.ts';
import { INDICATORS } from '../../../fhir/indicators/catalogue.ts';
import { closedEncounter } from '../../../fhir/examination/visit-closing.ts';

const PATIENTS = 40;

interface Stored<T> { resource: T; facilityId: string | null }

for (const kind of databaseKinds()) {
  describe(`Health indicators (${kind})`, () => {
    let server: TestServer;
    let facilityId: string;
    let month: string;
    let admin: Actor;
    const produced: string[] = [];

    const prisma = () => server.sen.context.database.prisma;
    async function stored<T>(type: string): Promise<Stored<T>[]> {
      const rows = await prisma().$queryRaw<{ content: string; facility_id: string | null }[]>`
        SELECT content, facility_id FROM resource WHERE resource_type = ${type} AND NOT deleted`;
      return rows.map((row) => ({ resource: JSON.parse(row.content) as T, facilityId: row.facility_id }));
    }
    const allRows = async () => ({
      facts: await prisma().$queryRaw`SELECT resource_type, resource_id, facility_id, measure, day::text, dimension, patient_id FROM indicator_fact ORDER BY 1, 2, 4, 5, 6`,
      patients: await prisma().$queryRaw`SELECT patient_id, sex, birth_date::text, commune_code FROM indicator_patient ORDER BY 1`,
    });
    async function report(actor: Actor, query: string): Promise<MeasureReport> {
      const response = await actor.request(`/api/indicators?${query}`);
      const text = await response.text();
      assert.equal(response.status, 200, text);
      produced.push(text);
      return JSON.parse(text) as MeasureReport;
    }
    const stratum = (report: MeasureReport, stratifier: string) => Object.fromEntries(
      report.group![0].stratifier!.find((s) => s.code!.length === 1 && s.code![0].coding![0].code === stratifier)!.stratum!
        .map((s) => [s.value!.coding?.[0].code ?? s.value!.text!, s.population![0].count!]));

    /**
     * Outpatient visits of the facility in the month, counted here from the Encounters, by sex and by age group; and
     * the patients whose first visit there (by day, then Encounter id) falls in the month.
     */
    async function visitsCountedHere(): Promise<{ total: number; bySex: Record<string, number>; byAge: Record<string, number>; newPatients: number }> {
      const patients = new Map((await stored<Patient>('Patient')).map(({ resource }) => [resource.id!, resource]));
      const counts = { total: 0, bySex: {} as Record<string, number>, byAge: {} as Record<string, number>, newPatients: 0 };
      const firstVisit = new Map<string, string>();
      for (const { resource: encounter, facilityId: owner } of await stored<Encounter>('Encounter')) {
        const day = vnDate(Date.parse(encounter.period!.start!));
        if (owner !== facilityId || encounter.class.code !== 'AMB' || ['planned', 'cancelled', 'entered-in-error'].includes(encounter.status)) continue;
        const patientId = encounter.subject!.reference!.split('/')[1];
        const key = `${day} ${encounter.id}`;
        if (!firstVisit.has(patientId) || key < firstVisit.get(patientId)!) firstVisit.set(patientId, key);
        if (!day.startsWith(month)) continue;
        const patient = patients.get(patientId)!;
        const years = ageOn(patient.birthDate!, day).years;
        const group = years < 5 ? '0-4' : years < 15 ? '5-14' : years < 25 ? '15-24' : years < 50 ? '25-49' : years < 65 ? '50-64' : '65+';
        counts.total++;
        counts.bySex[patient.gender!] = (counts.bySex[patient.gender!] ?? 0) + 1;
        counts.byAge[group] = (counts.byAge[group] ?? 0) + 1;
      }
      counts.newPatients = [...firstVisit.values()].filter((key) => key.startsWith(month)).length;
      return counts;
    }

    before(async () => {
      server = await startTestServer(kind);
      const dataset = createSyntheticDataset({ seed: 11 });
      const resources: ResourceJson[] = [];
      for (let i = 0; i < PATIENTS; i++) resources.push(...ownedPatientRecordResources(dataset.patientRecord(i)));
      await runWithAccess(systemJobAccess(prisma(), 'test'), async () => {
        await server.sen.context.resources.createMany(ownedSetupResources(dataset), { validate: true });
        await server.sen.context.resources.createMany(resources, { validate: false });
      });
      // The busiest facility and month: where the comparisons have the most to compare.
      const [busiest] = await prisma().$queryRaw<{ facility_id: string; month: string }[]>`
        SELECT facility_id, to_char(day, 'YYYY-MM') AS month FROM indicator_fact WHERE measure = 'outpatient-visits'
        GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1`;
      ({ facility_id: facilityId, month } = busiest);
      admin = await userIn(server, 'quantri', 'facility-admin', facilityId);
    });
    after(() => server.close());

    test('figures kept on write equal a recount, and the counts made here from the resources', async () => {
      const kept = await allRows();
      assert.ok((kept.facts as unknown[]).length > PATIENTS, 'visits and diagnoses were counted on write');
      await server.sen.context.indicators.recount();
      assert.deepEqual(await allRows(), kept);

      const visits = await report(admin, `measure=outpatient-visits&period=month:${month}`);
      const here = await visitsCountedHere();
      assert.equal(visits.group![0].population![0].count, here.total);
      assert.deepEqual(stratum(visits, 'sex'), here.bySex);
      assert.deepEqual(stratum(visits, 'age-group'), here.byAge);
      const newPatients = await report(admin, `measure=new-patients&period=month:${month}`);
      assert.ok(here.newPatients > 0);
      assert.equal(newPatients.group![0].population![0].count, here.newPatients);
    });

    test('a corrected diagnosis, a referral, a cancelled visit and a deleted diagnosis correct the figures', async () => {
      const conditions = (await stored<Condition>('Condition')).filter(({ resource, facilityId: owner }) => owner === facilityId
        && resource.category?.[0].coding?.[0].code === 'encounter-diagnosis' && vnDate(Date.parse(resource.recordedDate!)).startsWith(month));
      assert.ok(conditions.length >= 2, 'the month has diagnoses to correct');
      const [corrected, removed] = conditions.map(({ resource }) => resource);
      const before = await report(admin, `measure=diagnoses&period=month:${month}`);
      const dengueBefore = stratum(await report(admin, `measure=notifiable-diseases&period=month:${month}`), 'disease').dengue ?? 0;

      corrected.code = { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'A97.0', display: 'Sốt xuất huyết không có dấu hiệu cảnh báo' }] };
      assert.equal((await server.request(`/fhir/R4/Condition/${corrected.id}`, { method: 'PUT', json: corrected })).status, 200);
      assert.equal((await server.request(`/fhir/R4/Condition/${removed.id}`, { method: 'DELETE' })).status, 200);
      const after = await report(admin, `measure=diagnoses&period=month:${month}`);
      assert.equal(after.group![0].population![0].count, before.group![0].population![0].count! - 1);
      assert.equal(stratum(after, 'icd10-code')['A97.0'], (stratum(before, 'icd10-code')['A97.0'] ?? 0) + 1);
      assert.equal(stratum(await report(admin, `measure=notifiable-diseases&period=month:${month}`), 'disease').dengue, dengueBefore + 1);

      const visitsBefore = await visitsCountedHere();
      const [encounter, referred] = (await stored<Encounter>('Encounter')).filter(({ resource, facilityId: owner }) => owner === facilityId
        && vnDate(Date.parse(resource.period!.start!)).startsWith(month) && resource.status !== 'cancelled').map(({ resource }) => resource);
      const referralsBefore = stratum(await report(admin, `measure=visit-outcomes&period=month:${month}`), 'outcome')['other-hcf'] ?? 0;
      assert.equal((await server.request(`/fhir/R4/Encounter/${referred.id}`, { method: 'PUT', json: closedEncounter(referred, { outcome: 'referred' }) })).status, 200);
      assert.equal(stratum(await report(admin, `measure=visit-outcomes&period=month:${month}`), 'outcome')['other-hcf'], referralsBefore + 1);
      encounter.status = 'cancelled';
      assert.equal((await server.request(`/fhir/R4/Encounter/${encounter.id}`, { method: 'PUT', json: encounter })).status, 200);
      const visits = await report(admin, `measure=outpatient-visits&period=month:${month}`);
      assert.equal(visits.group![0].population![0].count, visitsBefore.total - 1);
      const visitsAfter = await visitsCountedHere();
      assert.equal(visitsAfter.total, visitsBefore.total - 1);
      assert.equal((await report(admin, `measure=new-patients&period=month:${month}`)).group![0].population![0].count, visitsAfter.newPatients);

      const kept = await allRows();
      await server.sen.context.indicators.recount();
      assert.deepEqual(await allRows(), kept, 'after the edits too, a recount changes nothing');
    });

    test('facility administrators and analysts read indicators; others are refused; public exports suppress 1–4', async () => {
      const clerk = await userIn(server, 'letan', 'receptionist', facilityId);
      assert.equal((await clerk.request(`/api/indicators?measure=diagnoses&period=month:${month}`)).status, 403);
      assert.equal((await admin.request(`/api/indicators?measure=diagnoses&period=month:${month}&facility=other`)).status, 403);
      const analyst = await userIn(server, 'phantich', 'analyst', null);
      assert.equal((await analyst.request(`/api/indicators?measure=diagnoses&period=month:${month}`)).status, 400, 'an analyst names the facility');
      const fromAnalyst = await report(analyst, `measure=diagnoses&period=month:${month}&facility=${facilityId}`);
      assert.ok(fromAnalyst.group![0].population![0].count! > 0);

      const rows = async (actor: Actor, audience: string) => {
        const response = await actor.request(`/api/indicators?measure=diagnoses&period=month:${month}&format=json&audience=${audience}`);
        assert.equal(response.status, 200);
        const text = await response.text();
        produced.push(text);
        return JSON.parse(text) as { count: number | null; suppressed: boolean }[];
      };
      const analystRows = await rows(admin, 'analyst');
      assert.ok(analystRows.some((row) => row.count !== null && row.count >= 1 && row.count <= 4), 'the month has small counts');
      const publicRows = await rows(admin, 'public');
      assert.equal(publicRows.length, analystRows.length);
      assert.ok(publicRows.every((row) => row.count === null ? row.suppressed : row.count === 0 || row.count > 4));

      const csv = await admin.request(`/api/indicators?measure=outpatient-visits&period=week:${month.slice(0, 4)}-W10&format=csv&audience=public`);
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type')!, /text\/csv/);
      produced.push(await csv.text());
      const measures = await admin.request('/api/indicators/measures');
      assert.equal(measures.status, 200);
      assert.equal((await clerk.request('/api/indicators/measures')).status, 403);
      const audited = (await auditEvents(server)).filter((event) => JSON.stringify(event).includes('api:GET /api/indicators'));
      assert.ok(audited.length >= 4, 'indicator calls are audited, refused ones too');
    });

    test('ages are taken on the day of the visit, a birthday counting; a corrected birth date corrects every figure', async () => {
      const facility = 'tram-sinh-nhat';
      const patient = (id: string, birthDate: string): Patient => ({ resourceType: 'Patient', id, gender: 'other', birthDate, address: [vietnameseAddress({ communeCode: '00070' })] });
      const visitOn = (id: string, patientId: string, start: string): Encounter => ({
        resourceType: 'Encounter', id, status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { reference: `Patient/${patientId}` }, period: { start },
      });
      const resources = [
        patient('sinh-nhat-1', '2021-11-21'), visitOn('kham-1a', 'sinh-nhat-1', '2026-11-20T09:00:00+07:00'), visitOn('kham-1b', 'sinh-nhat-1', '2026-11-21T09:00:00+07:00'),
        patient('sinh-nhat-2', '2024-02-29'), visitOn('kham-2a', 'sinh-nhat-2', '2029-02-28T09:00:00+07:00'), visitOn('kham-2b', 'sinh-nhat-2', '2029-03-01T09:00:00+07:00'),
      ].map((resource) => labelOwningFacility(resource as ResourceJson, facility));
      const access = systemJobAccess(prisma(), 'test');
      await runWithAccess(access, () => server.sen.context.resources.createMany(resources, { validate: true }));
      const ages = async (period: string) => stratum(await report({ username: 'admin', token: server.token, request: server.request }, `measure=outpatient-visits&period=${period}&facility=${facility}`), 'age-group');
      assert.deepEqual(await ages('month:2026-11'), { '0-4': 1, '5-14': 1 });
      assert.deepEqual(await ages('day:2026-11-20'), { '0-4': 1 });
      assert.deepEqual(await ages('month:2029-02'), { '0-4': 1 }, 'born on 29 February: 4 on 28 February');
      assert.deepEqual(await ages('month:2029-03'), { '5-14': 1 });

      await runWithAccess(access, () => server.sen.context.resources.update('Patient', 'sinh-nhat-1', labelOwningFacility(patient('sinh-nhat-1', '2021-11-20') as ResourceJson, facility)));
      assert.deepEqual(await ages('month:2026-11'), { '5-14': 2 });
    });

    test('no report or export holds a name, an identifier or free text', async () => {
      for (const { id: measure } of INDICATORS) {
        for (const format of ['measure-report', 'json', 'csv']) {
          const response = await admin.request(`/api/indicators?measure=${measure}&period=month:${month}&format=${format}`);
          produced.push(await response.text());
        }
      }
      const patients = (await stored<Patient>('Patient')).map(({ resource }) => resource);
      const secrets = new Set<string>();
      for (const patient of patients) {
        secrets.add(patient.id!);
        for (const identifier of patient.identifier ?? []) secrets.add(identifier.value!);
        for (const telecom of patient.telecom ?? []) secrets.add(telecom.value!);
        for (const name of patient.name ?? []) for (const part of [...(name.given ?? []), name.family ?? '']) if (part) secrets.add(part);
        for (const address of patient.address ?? []) for (const line of address.line ?? []) secrets.add(line);
      }
      for (const { resource } of await stored<Encounter>('Encounter')) for (const reason of resource.reasonCode ?? []) if (reason.text) secrets.add(reason.text);
      for (const { resource } of await stored<Condition>('Condition')) if (resource.code?.text) secrets.add(resource.code.text);
      const tokens = new Set(produced.join('\n').split(/[^\p{L}\p{N}]+/u));
      const text = produced.join('\n');
      for (const secret of secrets) {
        // Name parts are words; identifiers and free texts are matched anywhere.
        const found = /^\p{L}+$/u.test(secret) ? tokens.has(secret) : text.includes(secret);
        assert.equal(found, false, `a report or export holds "${secret}"`);
      }
    });
  });
}
