// The setting of the doctor's browser tests: a clinic with the web app, a consulting room, and one patient
// registered at the desk and waiting in that room's queue; and the doctor's way from the queue to the examination.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { userIn } from '../support/actors.ts';
import { adultForm, postJson } from '../integration/registration/support.ts';
import { openClinic, type Clinic } from '../integration/prescriptions/clinic.ts';
import { ensureWebBuilt, signIn } from './browser.ts';

export const ROOM = 'Phòng khám bệnh';

export interface QueuedVisit {
  clinic: Clinic;
  roomId: string;
  patientId: string;
}

/** `before` runs once the patient exists and before the visit is registered (to add a problem list, say). */
export async function clinicWithQueuedPatient(
  person: { name: string; sex: 'male' | 'female'; birthDate: string; reason: string },
  before?: (clinic: Clinic, patientId: string) => Promise<void>,
): Promise<QueuedVisit> {
  await ensureWebBuilt();
  const clinic = await openClinic('embedded', { SEN_SERVE_WEB: '1' });
  const admin = await userIn(clinic.server, 'quantri.a', 'facility-admin', 'tram-a');
  const room = await admin.request('/fhir/R4/Location', {
    method: 'POST',
    json: { resourceType: 'Location', status: 'active', name: ROOM, mode: 'instance', managingOrganization: { reference: 'Organization/tram-a' } },
  });
  assert.equal(room.status, 201, await room.clone().text());
  const roomId = ((await room.json()) as { id: string }).id;
  const patient = await postJson(clinic.receptionist, '/api/registration/patients', { form: adultForm({ fullName: person.name, sex: person.sex, birthDate: person.birthDate }) });
  assert.equal(patient.status, 201, await patient.clone().text());
  const patientId = ((await patient.json()) as { patient: { id: string } }).patient.id;
  await before?.(clinic, patientId);
  const visit = await postJson(clinic.receptionist, '/api/registration/visits', { patientId, locationId: roomId, reason: person.reason, payment: 'self-pay', priority: 'none' });
  assert.equal(visit.status, 201, await visit.clone().text());
  return { clinic, roomId, patientId };
}

/** The doctor signs in, picks the room, calls the next patient (Alt+G) and opens the examination. */
export async function examineFromQueue(page: Page, clinic: Clinic, patientName: string): Promise<void> {
  await signIn(page, clinic.server.url, 'bacsi.a');
  await page.getByRole('heading', { name: 'Hàng đợi phòng khám' }).waitFor();
  await page.getByLabel('Phòng', { exact: true }).selectOption({ label: ROOM });
  await page.getByRole('cell', { name: patientName }).waitFor();
  await page.keyboard.press('Alt+KeyG');
  await page.getByRole('button', { name: 'Khám 1' }).click();
}
