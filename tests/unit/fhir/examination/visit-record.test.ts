import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Composition, Condition, Encounter, Observation } from '@medplum/fhirtypes';
import { bodyMassIndex, readVital, vitalObservations, vitalValues } from '../../../../fhir/examination/vitals.ts';
import { barredMainDiagnosis, emptyDraft, examinationTransaction, makeMainDiagnosis, removeDiagnosis, type ExaminationDraft } from '../../../../fhir/examination/visit-record.ts';

const LINKS = { patientId: 'p1', encounterId: 'e1', effectiveDateTime: '2026-11-22T03:00:00Z' };

describe('Vital signs typed on the examination screen', () => {
  test('values read with a decimal comma; slips outside the plausible range and non-numbers are told apart', () => {
    assert.deepEqual(readVital('temperature', '38,5'), { value: 38.5 });
    assert.deepEqual(readVital('temperature', '385'), { problem: 'out-of-range' });
    assert.deepEqual(readVital('pulse', '8o'), { problem: 'not-a-number' });
    assert.equal(readVital('pulse', '  '), undefined);
    assert.equal(bodyMassIndex(55, 158), 22);
    assert.deepEqual(vitalValues({ weight: '70', height: '175', pulse: '900' }), { weight: 70, height: 175, bmi: 22.9 });
  });

  test('LOINC-coded vital-signs Observations; blood pressure as the 85354-9 panel; BMI computed', () => {
    const observations = vitalObservations({ pulse: '88', systolic: '120', diastolic: '80', weight: '55', height: '158', spo2: '98' }, LINKS, (kind) => `id-${kind}`);
    const byCode = new Map(observations.map((observation) => [observation.code?.coding?.[0].code, observation]));
    assert.deepEqual([...byCode.keys()].sort(), ['29463-7', '39156-5', '59408-5', '8302-2', '85354-9', '8867-4']);
    const panel = byCode.get('85354-9')!;
    assert.equal(panel.id, 'id-bloodPressure');
    assert.deepEqual(panel.component?.map((component) => [component.code.coding?.[0].code, component.valueQuantity?.value, component.valueQuantity?.code]), [['8480-6', 120, 'mm[Hg]'], ['8462-4', 80, 'mm[Hg]']]);
    assert.equal(byCode.get('39156-5')?.valueQuantity?.value, 22);
    assert.equal(byCode.get('8867-4')?.valueQuantity?.code, '/min');
    for (const observation of observations) {
      assert.equal(observation.category?.[0].coding?.[0].code, 'vital-signs');
      assert.equal(observation.encounter?.reference, 'Encounter/e1');
    }
    assert.equal(vitalObservations({ systolic: '120' }, LINKS, () => 'x').length, 0, 'half a blood pressure is not recorded');
  });
});

describe('Saving an examination', () => {
  const encounter: Encounter = { resourceType: 'Encounter', id: 'e1', status: 'in-progress', class: { code: 'AMB' }, subject: { reference: 'Patient/p1' } };
  let counter = 0;
  const context = { encounter, patientId: 'p1', author: 'BS. Ngọc', now: '2026-11-22T03:00:00Z', newId: () => `new-${++counter}` };
  const draft: ExaminationDraft = {
    ...emptyDraft(),
    vitals: { temperature: '38,5' },
    note: { ...emptyDraft().note, reason: 'Đau họng <3 ngày>' },
    diagnoses: [{ id: 'c1', code: 'J02.9', display: 'Viêm họng cấp, không đặc hiệu' }, { id: 'c2', code: 'I10', display: 'Bệnh lý tăng huyết áp' }],
    allergies: [{ id: 'a1', substance: 'Penicilin', reaction: 'Nổi mẩn' }],
  };

  test('one transaction of PUTs: observations, note, ranked diagnoses on the encounter, allergies', () => {
    const { bundle, draft: saved } = examinationTransaction(draft, context);
    assert.equal(bundle.type, 'transaction');
    assert.ok(bundle.entry?.every((entry) => entry.request?.method === 'PUT' && entry.request.url === `${entry.resource?.resourceType}/${entry.resource?.id}`));
    const resources = bundle.entry!.map((entry) => entry.resource!);
    const conditions = resources.filter((resource): resource is Condition => resource.resourceType === 'Condition');
    assert.deepEqual(conditions.map((condition) => condition.category?.[0].coding?.[0].code), ['encounter-diagnosis', 'encounter-diagnosis']);
    const updated = resources.find((resource): resource is Encounter => resource.resourceType === 'Encounter')!;
    assert.deepEqual(updated.diagnosis?.map((diagnosis) => [diagnosis.condition.reference, diagnosis.rank]), [['Condition/c1', 1], ['Condition/c2', 2]]);
    assert.equal(updated.status, 'in-progress', 'the encounter keeps what it had');
    const note = resources.find((resource): resource is Composition => resource.resourceType === 'Composition')!;
    assert.equal(note.section?.length, 1);
    assert.match(note.section![0].text!.div, /Đau họng &lt;3 ngày&gt;/);
    assert.equal(resources.filter((resource) => resource.resourceType === 'AllergyIntolerance').length, 1);
    assert.ok(resources.some((resource) => (resource as Observation).code?.coding?.[0].code === '8310-5'));

    // Saving again reuses the ids given the first time: nothing is duplicated.
    const again = examinationTransaction(saved, context);
    assert.deepEqual(again.bundle.entry!.map((entry) => entry.request?.url),
      bundle.entry!.map((entry) => entry.request?.url).filter((url) => !url?.startsWith('AllergyIntolerance/')), 'the allergy went to the record with the first save');
  });

  test('a saved diagnosis taken back is marked entered in error (without clinical status) and leaves the encounter', () => {
    const { draft: saved } = examinationTransaction(draft, context);
    assert.ok(saved.diagnoses.every((diagnosis) => diagnosis.saved));
    assert.deepEqual(saved.allergies, [], 'allergies go to the record once saved');
    const { bundle } = examinationTransaction(removeDiagnosis(saved, 'c2'), context);
    const resources = bundle.entry!.map((entry) => entry.resource!);
    const retracted = resources.find((resource): resource is Condition => resource.resourceType === 'Condition' && resource.id === 'c2')!;
    assert.equal(retracted.verificationStatus?.coding?.[0].code, 'entered-in-error');
    assert.equal(retracted.clinicalStatus, undefined);
    const updated = resources.find((resource): resource is Encounter => resource.resourceType === 'Encounter')!;
    assert.deepEqual(updated.diagnosis?.map((diagnosis) => diagnosis.condition.reference), ['Condition/c1']);
    assert.deepEqual(removeDiagnosis(draft, 'c2').retracted, [], 'a diagnosis never saved is simply dropped');
  });

  test('a secondary diagnosis can become the main one; a barred code heading the list is reported', () => {
    assert.deepEqual(makeMainDiagnosis(draft, 'c2').diagnoses.map((diagnosis) => diagnosis.code), ['I10', 'J02.9']);
    const withBarred: ExaminationDraft = { ...draft, diagnoses: [...draft.diagnoses, { id: 'c3', code: 'B95.0', display: 'Liên cầu nhóm A', mainAllowed: false }] };
    assert.equal(barredMainDiagnosis(withBarred), undefined);
    const afterRemovals = removeDiagnosis(removeDiagnosis(withBarred, 'c1'), 'c2');
    assert.equal(barredMainDiagnosis(afterRemovals)?.code, 'B95.0');
  });

  test('a vital sign or note saved and then cleared is entered in error, and its id forgotten', () => {
    const { draft: saved } = examinationTransaction({ ...draft, vitals: { temperature: '38,5', systolic: '120', diastolic: '80' } }, context);
    const cleared: ExaminationDraft = { ...saved, vitals: { temperature: '38,5', systolic: '120' }, note: emptyDraft().note };
    const { bundle, draft: after } = examinationTransaction(cleared, context);
    const resources = bundle.entry!.map((entry) => entry.resource!);
    const panel = resources.find((resource) => resource.id === saved.ids.bloodPressure) as Observation;
    assert.equal(panel.status, 'entered-in-error');
    assert.equal(panel.code?.coding?.[0].code, '85354-9');
    assert.equal((resources.find((resource) => resource.id === saved.ids.note) as Composition).status, 'entered-in-error');
    assert.equal((resources.find((resource) => resource.id === saved.ids.temperature) as Observation).status, 'final');
    assert.equal(after.ids.bloodPressure, undefined);
    assert.equal(after.ids.note, undefined);
    const third = examinationTransaction(after, context).bundle.entry!.map((entry) => entry.resource!);
    assert.ok(!third.some((resource) => resource.id === saved.ids.bloodPressure), 'retracted once, not at every save');
  });
});
