// What a resource contributes: held visits and live diagnoses count, on the Vietnamese day; the rest does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition, Encounter, Patient } from '@medplum/fhirtypes';
import { indicatorContributions } from '../../../../fhir/indicators/contributions.ts';
import { paymentExtension } from '../../../../fhir/registration/visit.ts';
import { closedEncounter } from '../../../../fhir/examination/visit-closing.ts';
import { vietnameseAddress } from '../../../../fhir/terminology/address.ts';

const visit = (changes: Partial<Encounter> = {}): Encounter => ({
  resourceType: 'Encounter',
  status: 'arrived',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
  subject: { reference: 'Patient/p1' },
  // 23:30 in Hà Nội on 21 November is still 21 November, though 16:30 UTC.
  period: { start: '2026-11-21T16:30:00Z' },
  extension: [paymentExtension('insurance')],
  ...changes,
});

const diagnosis = (code: string, changes: Partial<Condition> = {}): Condition => ({
  resourceType: 'Condition',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
  verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code }], text: 'free text the doctor typed' },
  subject: { reference: 'Patient/p1' },
  recordedDate: '2026-11-22T01:00:00+07:00',
  ...changes,
});

test('a visit counts once, on its Vietnamese day, by how it is paid; one not held does not count', () => {
  assert.deepEqual(indicatorContributions(visit()).facts, [{ measure: 'outpatient-visits', day: '2026-11-21', dimension: 'insurance', patientId: 'p1' }]);
  assert.equal(indicatorContributions(visit({ period: { start: '2026-11-21T17:00:00Z' } })).facts[0].day, '2026-11-22');
  assert.equal(indicatorContributions(visit({ extension: [] })).facts[0].dimension, 'unknown');
  for (const status of ['planned', 'cancelled', 'entered-in-error'] as const) assert.deepEqual(indicatorContributions(visit({ status })).facts, [], status);
  assert.deepEqual(indicatorContributions(visit({ class: { code: 'IMP' } })).facts, []);
});

test('a visit closed as referred counts as a referral out, on the day of the visit', () => {
  const referred = closedEncounter(visit({ status: 'finished' }), { outcome: 'referred' });
  assert.deepEqual(indicatorContributions(referred).facts.map((fact) => [fact.measure, fact.day, fact.dimension]), [
    ['outpatient-visits', '2026-11-21', 'insurance'],
    ['visit-outcomes', '2026-11-21', 'other-hcf'],
  ]);
  const retracted: Encounter = { ...referred, status: 'entered-in-error' };
  assert.deepEqual(indicatorContributions(retracted).facts, []);
});

test('a diagnosis counts by its code, and as a case when the disease is notifiable; a retracted one does not', () => {
  assert.deepEqual(indicatorContributions(diagnosis('J06.9')).facts, [{ measure: 'diagnoses', day: '2026-11-22', dimension: 'J06.9', patientId: 'p1' }]);
  assert.deepEqual(indicatorContributions(diagnosis('B08.4')).facts.map((fact) => [fact.measure, fact.dimension]), [['diagnoses', 'B08.4'], ['notifiable-diseases', 'hand-foot-mouth']]);
  const retracted = diagnosis('B08.4', { verificationStatus: { coding: [{ code: 'entered-in-error' }] } });
  assert.deepEqual(indicatorContributions(retracted).facts, []);
  const problem = diagnosis('I10', { category: [{ coding: [{ code: 'problem-list-item' }] }] });
  assert.deepEqual(indicatorContributions(problem).facts, [], 'a problem-list entry is not a diagnosis made at a visit');
});

test('a patient contributes sex, birth date and commune of residence, nothing that names them', () => {
  const patient: Patient = {
    resourceType: 'Patient', gender: 'female', birthDate: '1990', name: [{ family: 'Nguyễn', given: ['Thị', 'Lan'] }],
    address: [vietnameseAddress({ communeCode: '00070', detail: 'Số 1 Tràng Tiền' })],
  };
  assert.deepEqual(indicatorContributions(patient), { facts: [], demographics: { sex: 'female', birthDate: '1990-01-01', communeCode: '00070' } });
  assert.deepEqual(indicatorContributions({ resourceType: 'Observation' }), { facts: [] });
});
