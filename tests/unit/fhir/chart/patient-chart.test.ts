import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition, Encounter, MedicationRequest, Observation } from '@medplum/fhirtypes';
import { patientChart } from '../../../../fhir/chart/patient-chart.ts';
import { PRESCRIPTION_CODE_SYSTEM } from '../../../../fhir/identifiers/systems.ts';

const LOINC = 'http://loinc.org';
const encounter = (id: string, start: string): Encounter => ({
  resourceType: 'Encounter', id, status: 'finished', class: { code: 'AMB' }, period: { start },
  diagnosis: [{ condition: { reference: `Condition/${id}-main` }, rank: 1 }, { condition: { reference: `Condition/${id}-other` }, rank: 2 }],
});
const condition = (id: string, visit: string, code: string, verification = 'confirmed'): Condition => ({
  resourceType: 'Condition', id, subject: { reference: 'Patient/p' }, encounter: { reference: `Encounter/${visit}` },
  code: { coding: [{ code, display: code }] }, verificationStatus: { coding: [{ code: verification }] },
});
const request = (code: string, visit: string, name: string, status: MedicationRequest['status'], authoredOn: string): MedicationRequest => ({
  resourceType: 'MedicationRequest', status, intent: 'order', subject: { reference: 'Patient/p' }, encounter: { reference: `Encounter/${visit}` },
  groupIdentifier: { system: PRESCRIPTION_CODE_SYSTEM, value: code }, medicationCodeableConcept: { text: name },
  dosageInstruction: [{ text: `${name}: 1 viên` }], authoredOn,
});
const observation = (visit: string, status: Observation['status'], code: string, value?: number, components?: [string, number][]): Observation => ({
  resourceType: 'Observation', status, code: { coding: [{ system: LOINC, code }] }, encounter: { reference: `Encounter/${visit}` },
  ...(value === undefined ? {} : { valueQuantity: { value } }),
  ...(components ? { component: components.map(([c, v]) => ({ code: { coding: [{ system: LOINC, code: c }] }, valueQuantity: { value: v } })) } : {}),
});

test('visits keep their order; diagnoses by rank without withdrawn ones; prescriptions grouped by code, newest first', () => {
  const chart = patientChart({
    patientId: 'p',
    encounters: [encounter('b', '2026-02-01T01:00:00.000Z'), encounter('a', '2026-01-01T01:00:00.000Z')],
    conditions: [condition('b-other', 'b', 'E11'), condition('b-main', 'b', 'I10'), condition('b-gone', 'b', 'J00', 'entered-in-error')],
    requests: [
      request('old', 'b', 'Amlodipin', 'cancelled', '2026-02-01T01:10:00Z'), request('old', 'b', 'Paracetamol', 'cancelled', '2026-02-01T01:10:00Z'),
      request('new', 'b', 'Amlodipin', 'active', '2026-02-01T01:20:00Z'), request('wrong', 'b', 'X', 'entered-in-error', '2026-02-01T01:30:00Z'),
    ],
    observations: [
      observation('b', 'final', '85354-9', undefined, [['8480-6', 150], ['8462-4', 95]]), observation('b', 'final', '29463-7', 70),
      observation('b', 'entered-in-error', '8867-4', 300), observation('a', 'final', '29463-7', 68),
    ],
    nextPage: 'older',
  });
  assert.deepEqual(chart.visits.map((visit) => visit.id), ['b', 'a']);
  const [b, a] = chart.visits;
  assert.deepEqual(b.diagnoses, [{ code: 'I10', display: 'I10', main: true }, { code: 'E11', display: 'E11', main: false }]);
  assert.deepEqual(b.prescriptions.map((p) => [p.code, p.status, p.drugs.map((drug) => drug.name)]), [
    ['new', 'active', ['Amlodipin']], ['old', 'cancelled', ['Amlodipin', 'Paracetamol']],
  ]);
  assert.deepEqual(b.vitals, { systolic: 150, diastolic: 95, weight: 70 }, 'the pulse entered in error is not shown');
  assert.deepEqual(a.prescriptions, []);
  assert.deepEqual(chart.trend, [
    { date: '2026-01-01T01:00:00.000Z', systolic: undefined, diastolic: undefined, weight: 68 },
    { date: '2026-02-01T01:00:00.000Z', systolic: 150, diastolic: 95, weight: 70 },
  ]);
  assert.equal(chart.nextPage, 'older');
});

test('the last page has no nextPage; a visit without vitals adds no trend point', () => {
  const chart = patientChart({ patientId: 'p', encounters: [encounter('a', '2026-01-01T01:00:00.000Z')], conditions: [], requests: [], observations: [] });
  assert.equal(chart.nextPage, undefined);
  assert.deepEqual(chart.trend, []);
  assert.deepEqual(chart.visits[0].vitals, {});
});
