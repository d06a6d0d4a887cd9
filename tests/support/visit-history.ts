// A patient's past visits as the examination workspace saves them: for visit i (0 = oldest), a finished ambulatory
// Encounter a week after the previous one, with blood pressure, pulse and weight, and a main diagnosis, as one FHIR
// transaction of the workspace's own examinationTransaction entries. For the chart's integration test and bench.
import { randomUUID } from 'node:crypto';
import type { Bundle, Encounter } from '@medplum/fhirtypes';
import { emptyDraft, examinationTransaction } from '../../fhir/examination/visit-record.ts';
import { V3_ACT_CODE_SYSTEM } from '../../fhir/terminology/code-systems.ts';

export const FIRST_VISIT = Date.parse('2016-01-04T08:00:00+07:00');
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** When visit i started, as the server writes instants back (UTC, milliseconds). */
export const visitStart = (index: number): string => new Date(FIRST_VISIT + index * WEEK_MS).toISOString();

/** Systolic pressure and weight of visit i: slowly rising, so the trend is visible. */
export const visitVitals = (index: number) => ({ systolic: 120 + (index % 40), diastolic: 80 + (index % 10), weight: 60 + (index % 20) / 2 });

/** One visit's transaction entries: the workspace's save (vitals, a diagnosis) with the encounter finished. */
export function visitEntries(patientId: string, index: number, author = 'Practitioner/unknown'): NonNullable<Bundle['entry']> {
  const start = visitStart(index);
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id: randomUUID(),
    status: 'finished',
    class: { system: V3_ACT_CODE_SYSTEM, code: 'AMB', display: 'ambulatory' },
    subject: { reference: `Patient/${patientId}` },
    period: { start, end: new Date(Date.parse(start) + 15 * 60_000).toISOString() },
    reasonCode: [{ text: `Tái khám lần ${index + 1}` }],
  };
  const vitals = visitVitals(index);
  const draft = {
    ...emptyDraft(),
    vitals: { systolic: String(vitals.systolic), diastolic: String(vitals.diastolic), weight: String(vitals.weight), pulse: '76' },
    diagnoses: [{ id: randomUUID(), code: 'I10', display: 'Bệnh lý tăng huyết áp' }],
  };
  return examinationTransaction(draft, { encounter, patientId, author, now: start, newId: randomUUID }).bundle.entry ?? [];
}

/** Visits `from` to `to` (exclusive) of the patient as one transaction Bundle. */
export function visitHistoryBundle(patientId: string, from: number, to: number): Bundle {
  const entry = [];
  for (let index = from; index < to; index++) entry.push(...visitEntries(patientId, index));
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
