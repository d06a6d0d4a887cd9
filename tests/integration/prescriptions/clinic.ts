// A commune station ready to prescribe, over HTTP: its Organization (facility code 01234), a doctor linked to the
// national system, a pharmacist, a receptionist, the starter catalogue imported by the pharmacist, patients with a
// diagnosis; another station with its own doctor; and the national prescription simulator Sen sends to.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vnIdentifier } from '../../../fhir/identifiers/identifier.ts';
import { CCCD_SYSTEM, DTQG_DOCTOR_LINK_CODE_SYSTEM, FACILITY_CODE_SYSTEM } from '../../../fhir/identifiers/systems.ts';
import { vietnameseAddress } from '../../../fhir/terminology/address.ts';
import { ATC_SYSTEM, CONDITION_CATEGORY_SYSTEM, ICD10_SYSTEM } from '../../../fhir/terminology/code-systems.ts';
import { findIcd10 } from '../../../fhir/terminology/icd10.ts';
import { OWNING_FACILITY_SYSTEM } from '../../../server/access/facility-label.ts';
import { NationalPrescriptionSimulator } from '../../../server/adapters/national-prescription/simulator.ts';
import { signIn, userIn, type Actor } from '../../support/actors.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/sen-server.ts';
import type { DatabaseKind } from '../../support/test-database.ts';

export const FACILITY_CODE = '01234';
const FACILITY_LINK_CODE = 'CSKCB-01234';
const DOCTOR_LINK_CODE = 'BS0001';
const DOCTOR_PASSWORD = 'Mat-khau-bac-si-2026';

export interface Clinic {
  server: TestServer;
  simulator: NationalPrescriptionSimulator;
  /** The SEN_DTQG_* settings that point a Sen server at the simulator as this station's doctor. */
  nationalEnv: Record<string, string>;
  doctor: Actor;
  pharmacist: Actor;
  receptionist: Actor;
  otherDoctor: Actor;
  /** An adult with a sore throat (J02.9): patient and Condition ids. */
  patient: { id: string; conditionId: string };
  /** An adult allergic to penicillins (ATC J01C), with tonsillitis. */
  allergic: { id: string; conditionId: string };
  /** Medication ids of the station's catalogue, by catalogue code. */
  drugs: Map<string, string>;
  close(): Promise<void>;
}

export function sendJson(actor: Actor, path: string, body: unknown, method = 'POST'): Promise<Response> {
  return actor.request(path, { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

async function created(response: Response, what: string): Promise<string> {
  assert.ok([200, 201].includes(response.status), `${what}: ${response.status} ${await response.clone().text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function facility(server: TestServer, id: string, code: string): Promise<void> {
  await created(await server.request(`/fhir/R4/Organization/${id}`, {
    method: 'PUT',
    json: {
      resourceType: 'Organization', id, active: true, name: `Trạm Y tế ${code}`,
      meta: { security: [{ system: OWNING_FACILITY_SYSTEM, code: id }] },
      identifier: [vnIdentifier(FACILITY_CODE_SYSTEM, code)],
      address: [vietnameseAddress({ communeCode: '00070', detail: 'Số 3 phố Hàng Trống', use: 'work' })],
    },
  }), `Organization ${id}`);
}

async function doctorOf(server: TestServer, username: string, facilityId: string, practitionerId: string, linkCode: string): Promise<Actor> {
  await created(await server.request(`/fhir/R4/Practitioner/${practitionerId}`, {
    method: 'PUT',
    json: {
      resourceType: 'Practitioner', id: practitionerId,
      meta: { security: [{ system: OWNING_FACILITY_SYSTEM, code: facilityId }] },
      identifier: [{ system: DTQG_DOCTOR_LINK_CODE_SYSTEM, value: linkCode }],
      name: [{ use: 'official', family: 'Trần', given: ['Thị', 'Bích', 'Ngọc'], text: `Trần Thị Bích Ngọc ${username}` }],
    },
  }), `Practitioner ${practitionerId}`);
  await server.sen.context.users.create({ username, password: TEST_PASSWORD, displayName: username, role: 'doctor', facilityId, practitionerId });
  return signIn(server, username);
}

/** A patient of the doctor's station with one diagnosis; `allergyAtc` adds a recorded allergy. */
export async function patientWith(doctor: Actor, name: string, icd10: string, allergy?: { atc: string; text: string }): Promise<{ id: string; conditionId: string }> {
  const patientId = await created(await doctor.request('/fhir/R4/Patient', {
    method: 'POST',
    json: {
      resourceType: 'Patient', gender: 'female', birthDate: '1958-04-12',
      identifier: [vnIdentifier(CCCD_SYSTEM, '001158012345')],
      name: [{ use: 'official', text: name, family: name.split(' ')[0], given: name.split(' ').slice(1) }],
      address: [vietnameseAddress({ communeCode: '00070', detail: 'Số 12 phố Hàng Bông' })],
    },
  }), 'Patient');
  const entry = findIcd10(icd10)!;
  const conditionId = await created(await doctor.request('/fhir/R4/Condition', {
    method: 'POST',
    json: {
      resourceType: 'Condition',
      category: [{ coding: [{ system: CONDITION_CATEGORY_SYSTEM, code: 'encounter-diagnosis' }] }],
      code: { coding: [{ system: ICD10_SYSTEM, code: entry.code, display: entry.display }], text: entry.display },
      subject: { reference: `Patient/${patientId}` },
    },
  }), 'Condition');
  if (allergy) {
    await created(await doctor.request('/fhir/R4/AllergyIntolerance', {
      method: 'POST',
      json: {
        resourceType: 'AllergyIntolerance',
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
        code: { coding: [{ system: ATC_SYSTEM, code: allergy.atc }], text: allergy.text },
        patient: { reference: `Patient/${patientId}` },
      },
    }), 'AllergyIntolerance');
  }
  return { id: patientId, conditionId };
}

/** `env` adds server settings (SEN_SERVE_WEB for the browser tests). */
export async function openClinic(kind: DatabaseKind, env: Record<string, string> = {}): Promise<Clinic> {
  const simulator = new NationalPrescriptionSimulator([{ linkCode: FACILITY_LINK_CODE, facilityCode: FACILITY_CODE, doctors: { [DOCTOR_LINK_CODE]: DOCTOR_PASSWORD } }]);
  const national = await simulator.listen(0);
  const dir = mkdtempSync(join(tmpdir(), 'sen-dtqg-'));
  const credentials = join(dir, 'doctors.json');
  writeFileSync(credentials, JSON.stringify({ [DOCTOR_LINK_CODE]: DOCTOR_PASSWORD }));
  const nationalEnv = { SEN_DTQG_URL: national.url, SEN_DTQG_FACILITY_LINK_CODE: FACILITY_LINK_CODE, SEN_DTQG_DOCTOR_CREDENTIALS_FILE: credentials };
  const server = await startTestServer(kind, { env: { ...nationalEnv, SEN_OUTBOX_POLL_MS: '100', ...env } });
  await facility(server, 'tram-a', FACILITY_CODE);
  await facility(server, 'tram-b', '05678');
  const doctor = await doctorOf(server, 'bacsi.a', 'tram-a', 'bs-a', DOCTOR_LINK_CODE);
  const otherDoctor = await doctorOf(server, 'bacsi.b', 'tram-b', 'bs-b', 'BS0002');
  const pharmacist = await userIn(server, 'duocsi.a', 'pharmacist', 'tram-a');
  const receptionist = await userIn(server, 'tiepdon.a', 'receptionist', 'tram-a');
  const csv = readFileSync(new URL('../../../fhir/prescription/data/starter-catalogue.csv', import.meta.url), 'utf8');
  const imported = await pharmacist.request('/api/prescriptions/catalogue', { method: 'POST', body: csv, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(imported.status, 200, await imported.clone().text());
  const drugs = new Map<string, string>();
  const listing = await doctor.request('/api/prescriptions/catalogue?limit=50&q=');
  for (const match of ((await listing.json()) as { drugs: { medicationId: string; drug: { code: string } }[] }).drugs) drugs.set(match.drug.code, match.medicationId);
  for (const code of ['PARA500', 'AMOX500', 'DIAZ5']) {
    if (!drugs.has(code)) {
      const found = (await (await doctor.request(`/api/prescriptions/catalogue?q=${code}`)).json()) as { drugs: { medicationId: string; drug: { code: string } }[] };
      drugs.set(code, found.drugs.find((match) => match.drug.code === code)!.medicationId);
    }
  }
  return {
    server,
    simulator,
    nationalEnv,
    doctor,
    pharmacist,
    receptionist,
    otherDoctor,
    patient: await patientWith(doctor, 'Nguyễn Thị Hương Giang', 'J02.9'),
    allergic: await patientWith(doctor, 'Lê Văn Bình', 'J03.9', { atc: 'J01C', text: 'Penicilin' }),
    drugs,
    async close() {
      await server.close();
      await national.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A two-drug prescription body for `patient`: paracetamol as needed and amoxicillin three times a day, 5 days. */
export function prescriptionBody(clinic: Clinic, patient: { id: string; conditionId: string }, extra: Record<string, unknown> = {}) {
  return {
    patientId: patient.id,
    conditionIds: [patient.conditionId],
    lines: [
      { medicationId: clinic.drugs.get('PARA500'), dosage: { dose: 1, slots: ['morning', 'afternoon'], meal: 'after-meal', days: 5 } },
      { medicationId: clinic.drugs.get('AMOX500'), dosage: { dose: 1, slots: ['morning', 'noon', 'afternoon'], meal: 'after-meal', days: 5 } },
    ],
    advice: 'Uống nhiều nước, tái khám nếu sốt cao.',
    ...extra,
  };
}

/** Polls the prescription's status until `done` says so (the outbox worker polls every 100 ms here). */
export async function waitForStatus(actor: Actor, code: string, done: (status: Record<string, any>) => boolean, timeoutMs = 15_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await (await actor.request(`/api/prescriptions/${code}`)).json()) as Record<string, any>;
    if (done(status) || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
