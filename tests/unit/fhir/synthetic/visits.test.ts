import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observation } from '@medplum/fhirtypes';
import { parsePrescriptionCode } from '../../../../fhir/identifiers/prescription-code.ts';
import { ACUTE_PROFILES, CHRONIC_PROFILES } from '../../../../fhir/synthetic/clinical-profiles.ts';
import { ICD10_SYSTEM, LOINC_SYSTEM, UCUM_SYSTEM } from '../../../../fhir/terminology/code-systems.ts';
import { findIcd10 } from '../../../../fhir/terminology/icd10.ts';
import { SAMPLE_AS_OF, sampleDataset } from './sample-dataset.ts';

const VITAL_UNITS: Record<string, string> = {
  '8867-4': '/min', '8310-5': 'Cel', '9279-1': '/min', '2708-6': '%', '29463-7': 'kg', '8302-2': 'cm', '39156-5': 'kg/m2',
};

function loinc(observation: Observation): string | undefined {
  return observation.code.coding?.find((coding) => coding.system === LOINC_SYSTEM)?.code;
}

test('every diagnosis the generator can make has a Vietnamese ICD-10 name in the shipped subset', () => {
  for (const { icd10 } of [...ACUTE_PROFILES, ...CHRONIC_PROFILES]) assert.ok(findIcd10(icd10), icd10);
});

test('patients have about five outpatient visits on average, all finished before the as-of date', () => {
  const { records } = sampleDataset();
  const encounters = records.flatMap((record) => record.encounters);
  const average = encounters.length / records.length;
  assert.ok(average > 3.5 && average < 7, `average ${average}`);
  for (const encounter of encounters) {
    assert.equal(encounter.class.code, 'AMB');
    assert.equal(encounter.status, 'finished');
    assert.ok((encounter.period?.start ?? '') < (encounter.period?.end ?? ''));
    assert.ok((encounter.period?.end ?? '') < SAMPLE_AS_OF);
  }
});

test('visits happen after birth, in working hours, not on Sundays', () => {
  for (const record of sampleDataset().records) {
    for (const encounter of record.encounters) {
      const start = encounter.period?.start ?? '';
      assert.ok(start.slice(0, 10) > (record.patient.birthDate ?? ''), `${start} vs born ${record.patient.birthDate}`);
      const hour = Number(start.slice(11, 13));
      assert.ok(hour >= 7 && hour < 17, start);
      const localWeekday = new Date(Date.parse(start) + 7 * 3_600_000).getUTCDay();
      assert.notEqual(localWeekday, 0, `${start} is a Sunday`);
    }
  }
});

test('vital signs use LOINC codes with UCUM units and plausible values', () => {
  const observations = sampleDataset().records.flatMap((record) => record.observations);
  for (const observation of observations) {
    const code = loinc(observation);
    assert.equal(observation.category?.[0].coding?.[0].code, 'vital-signs');
    if (code === '85354-9') {
      const [systolic, diastolic] = observation.component?.map((component) => component.valueQuantity?.value ?? 0) ?? [];
      assert.deepEqual(observation.component?.map((component) => component.code.coding?.[0].code), ['8480-6', '8462-4']);
      assert.ok(systolic > diastolic && systolic >= 80 && systolic <= 200 && diastolic >= 40, `${systolic}/${diastolic}`);
      continue;
    }
    assert.ok(code && VITAL_UNITS[code], `unexpected code ${code}`);
    assert.equal(observation.valueQuantity?.system, UCUM_SYSTEM);
    assert.equal(observation.valueQuantity?.code, VITAL_UNITS[code]);
  }
  const temperatures = observations.filter((observation) => loinc(observation) === '8310-5').map((observation) => observation.valueQuantity?.value ?? 0);
  assert.ok(temperatures.every((value) => value >= 35.5 && value <= 40 && Math.round(value * 10) === value * 10));
  assert.ok(temperatures.some((value) => !Number.isInteger(value)));
  const spo2 = observations.filter((observation) => loinc(observation) === '2708-6');
  assert.ok(spo2.length > 0 && spo2.every((observation) => observation.code.coding?.some((coding) => coding.code === '59408-5')));
});

test('diagnoses are ICD-10 coded with their Vietnamese names', () => {
  const conditions = sampleDataset().records.flatMap((record) => record.conditions);
  for (const condition of conditions) {
    const coding = condition.code?.coding?.[0];
    assert.equal(coding?.system, ICD10_SYSTEM);
    assert.equal(coding?.display, findIcd10(coding?.code ?? '')?.display);
    assert.equal(condition.code?.text, coding?.display);
  }
  assert.ok(conditions.some((condition) => condition.code?.coding?.[0].code === 'I10'));
});

test('an illness starts after birth and before it is recorded, and ends after it starts', () => {
  for (const record of sampleDataset().records) {
    const born = Date.parse(`${record.patient.birthDate}T00:00:00+07:00`);
    for (const condition of record.conditions) {
      const onset = Date.parse(condition.onsetDateTime ?? '');
      assert.ok(onset >= born && onset <= Date.parse(condition.recordedDate ?? ''), `${condition.onsetDateTime} born ${record.patient.birthDate}`);
      if (condition.abatementDateTime) assert.ok(Date.parse(condition.abatementDateTime) > onset);
      assert.equal(condition.clinicalStatus?.coding?.[0].code, condition.abatementDateTime ? 'resolved' : 'active');
    }
  }
});

test('a chronic disease is on the problem list once and reviewed at follow-up visits about a month apart', () => {
  const chronic = sampleDataset().records.filter((record) => record.conditions.some((condition) => condition.category?.[0].coding?.[0].code === 'problem-list-item'));
  assert.ok(chronic.length > 10);
  for (const record of chronic) {
    const problems = record.conditions.filter((condition) => condition.category?.[0].coding?.[0].code === 'problem-list-item');
    const codes = problems.map((condition) => condition.code?.coding?.[0].code);
    assert.equal(new Set(codes).size, codes.length);
    const reviews = record.encounters.filter((encounter) => encounter.diagnosis?.some((diagnosis) => diagnosis.condition.reference === `Condition/${problems[0].id}`));
    assert.ok(reviews.length >= 1);
    const days = reviews.map((encounter) => Date.parse(encounter.period?.start ?? '') / 86_400_000);
    for (let i = 1; i < days.length; i++) assert.ok(days[i] - days[i - 1] >= 20, `follow-ups ${days[i] - days[i - 1]} days apart`);
  }
});

test('prescriptions carry a Vietnamese drug name, instruction and quantity, grouped by one e-prescription code per visit', () => {
  const { records } = sampleDataset();
  const codeByEncounter = new Map<string, string>();
  for (const request of records.flatMap((record) => record.medicationRequests)) {
    assert.ok(request.medicationCodeableConcept?.text);
    assert.ok(request.dosageInstruction?.[0].text);
    assert.ok((request.dispenseRequest?.quantity?.value ?? 0) > 0);
    const code = request.groupIdentifier?.value ?? '';
    assert.ok(parsePrescriptionCode(code), code);
    const encounter = request.encounter?.reference ?? '';
    assert.equal(codeByEncounter.get(encounter) ?? code, code);
    codeByEncounter.set(encounter, code);
  }
  assert.equal(new Set(codeByEncounter.values()).size, codeByEncounter.size, 'each visit has its own prescription code');
  const texts = records.flatMap((record) => record.medicationRequests.map((request) => request.dosageInstruction?.[0].text));
  assert.ok(texts.includes('Sáng 1 viên, chiều 1 viên, uống sau ăn'));
});
