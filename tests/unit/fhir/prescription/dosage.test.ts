import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDosage, computeQuantity, DosageInputError, type DosageInput } from '../../../../fhir/prescription/dosage.ts';
import { insuranceDoseText } from '../../../../fhir/prescription/insurance-dose.ts';
import { starterDrug } from '../../../../fhir/prescription/starter-catalogue.ts';
import { validateResource } from '../../../../fhir/validation/validate.ts';

const build = (code: string, input: DosageInput) => buildDosage(starterDrug(code), input);

test('twice a day after meals reads "Sáng 1 viên, chiều 1 viên, uống sau ăn"', () => {
  const built = build('METF500', { dose: 1, slots: ['morning', 'afternoon'], meal: 'after-meal', days: 5 });
  assert.equal(built.wording, 'Sáng 1 viên, chiều 1 viên, uống sau ăn');
  assert.equal(built.dosage.text, built.wording);
});

test('the insurance form states dose per time, times per day, days and the daily total', () => {
  const built = build('METF500', { dose: 1, slots: ['morning', 'afternoon'], meal: 'after-meal', days: 5 });
  assert.equal(built.insuranceWording, '1 viên/lần * 2 lần/ngày * 5 ngày [2 viên/ngày]');
  assert.equal(build('PARA500', { dose: 0.5, timesPerDay: 3, days: 4 }).insuranceWording, '1/2 viên/lần * 3 lần/ngày * 4 ngày [1,5 viên/ngày]');
});

test('each time of day is named with its dose; before meals says half an hour before', () => {
  assert.equal(build('AMOX250', { dose: 1, slots: ['morning', 'noon', 'afternoon'], meal: 'after-meal', days: 7 }).wording, 'Sáng 1 gói, trưa 1 gói, chiều 1 gói, uống sau ăn');
  assert.equal(build('OMEP20', { dose: 1, slots: ['morning'], meal: 'before-meal', days: 14 }).wording, 'Sáng 1 viên, uống trước ăn 30 phút');
  assert.equal(build('ATOR10', { dose: 1, slots: ['bedtime'], days: 30 }).wording, 'Uống trước khi ngủ 1 viên');
  assert.equal(build('BISO2.5', { dose: 1, slots: ['morning', 'evening'], meal: 'with-meal', days: 30 }).wording, 'Sáng 1 viên, tối 1 viên, uống trong bữa ăn');
});

test('without times of day the wording says times per day and the amount each time, as TT 26/2025 asks', () => {
  assert.equal(build('PARA500', { dose: 0.5, timesPerDay: 3, days: 5 }).wording, 'Uống ngày 3 lần, mỗi lần 1/2 viên');
  assert.equal(build('AMBRO30', { dose: 1, timesPerDay: 3, meal: 'after-meal', days: 5 }).wording, 'Ngày 3 lần, mỗi lần 1 viên, uống sau ăn');
  assert.equal(build('CHLORAM04', { dose: 2, doseUnit: 'giọt', timesPerDay: 3, days: 7, quantity: 1 }).wording, 'Nhỏ mắt ngày 3 lần, mỗi lần 2 giọt');
  assert.equal(build('CLOTRI1', { slots: ['morning', 'evening'], days: 14, quantity: 1 }).wording, 'Bôi ngày 2 lần: sáng, tối');
});

test('as-needed drugs say when, how far apart and how often at most', () => {
  const built = build('PARA500', { dose: 1, asNeeded: { reason: 'khi sốt trên 38,5°C', minHoursBetween: 4, maxTimesPerDay: 4 }, days: 3 });
  assert.equal(built.wording, 'Uống 1 viên khi sốt trên 38,5°C, cách nhau ít nhất 4 giờ, không quá 4 lần/ngày');
  assert.deepEqual(built.dosage.asNeededCodeableConcept, { text: 'khi sốt trên 38,5°C' });
  assert.equal(built.dosage.timing?.repeat?.frequencyMax, 4);
  assert.deepEqual(built.dosage.maxDosePerPeriod, {
    numerator: { value: 4, unit: 'viên' },
    denominator: { value: 1, unit: 'ngày', system: 'http://unitsofmeasure.org', code: 'd' },
  });
});

test('a note follows the wording, and the doctor may replace the wording altogether', () => {
  assert.equal(build('ORS245', { dose: 1, timesPerDay: 3, days: 3, note: 'pha 1 gói với 200 ml nước' }).wording, 'Uống ngày 3 lần, mỗi lần 1 gói. Pha 1 gói với 200 ml nước');
  const own = build('PERME5', { timesPerDay: 1, days: 7, quantity: 1, text: 'Bôi toàn thân từ cổ trở xuống vào buổi tối, tắm lại sau 8–12 giờ' });
  assert.equal(own.wording, 'Bôi toàn thân từ cổ trở xuống vào buổi tối, tắm lại sau 8–12 giờ');
});

test('the FHIR Dosage carries the times of day, the meal instruction, the route, the dose and the course', () => {
  const { dosage } = build('METF500', { dose: 1, slots: ['morning', 'afternoon'], meal: 'after-meal', days: 30 });
  assert.deepEqual(dosage.timing?.repeat, {
    boundsDuration: { value: 30, unit: 'ngày', system: 'http://unitsofmeasure.org', code: 'd' },
    frequency: 2,
    period: 1,
    periodUnit: 'd',
    when: ['MORN', 'AFT'],
  });
  assert.deepEqual(dosage.additionalInstruction, [{ coding: [{ system: 'http://snomed.info/sct', code: '311504000', display: 'With or after food' }], text: 'Uống sau ăn' }]);
  assert.deepEqual(dosage.route?.coding?.map((coding) => coding.code), ['1.01', '26643006']);
  assert.deepEqual(dosage.doseAndRate, [{ doseQuantity: { value: 1, unit: 'viên' } }]);
  const request = { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: { reference: 'Patient/p' }, medicationCodeableConcept: { text: 'x' }, dosageInstruction: [dosage] };
  assert.deepEqual(validateResource(request).filter((issue) => issue.severity === 'error'), []);
});

test('quantity is dose × times per day × days, rounded up to whole units', () => {
  assert.equal(build('AMOX500', { dose: 1, slots: ['morning', 'noon', 'afternoon'], days: 7 }).quantity, 21);
  assert.equal(build('PARA500', { dose: 0.5, timesPerDay: 3, days: 5 }).quantity, 8);
  assert.equal(build('PARA500', { dose: 1.5, timesPerDay: 2, days: 5 }).quantity, 15);
  assert.equal(build('ORS245', { dose: 1, timesPerDay: 3, days: 3 }).quantity, 9);
});

test('a dose measured in what the unit holds is converted: 5 ml three times a day for 5 days is 2 bottles of 60 ml', () => {
  assert.equal(build('PARA120S', { dose: 5, timesPerDay: 3, days: 5 }).quantity, 2);
  assert.equal(build('PARA120S', { dose: 5, timesPerDay: 3, days: 4 }).quantity, 1);
  assert.equal(build('SALBINH', { dose: 2, timesPerDay: 2, days: 30 }).quantity, 1);
});

test('no quantity is made up when it cannot be computed: drops from a bottle, a cream, an as-needed drug without a maximum', () => {
  assert.equal(build('CHLORAM04', { dose: 2, doseUnit: 'giọt', timesPerDay: 3, days: 7 }).quantity, undefined);
  assert.equal(build('CLOTRI1', { timesPerDay: 2, days: 14 }).quantity, undefined);
  assert.equal(build('PARA500', { dose: 1, asNeeded: { reason: 'khi đau' }, days: 3 }).quantity, undefined);
  assert.equal(build('PARA500', { dose: 1, asNeeded: { reason: 'khi đau' }, days: 3, quantity: 10 }).quantity, 10);
  assert.equal(computeQuantity(starterDrug('PARA500'), 'viên', 1, 0, 3), undefined);
});

test('the doctor may round the quantity: a given quantity wins over the computed one', () => {
  assert.equal(build('AMOX500', { dose: 1, slots: ['morning', 'noon', 'afternoon'], days: 7, quantity: 20 }).quantity, 20);
});

test('the insurance form is read from any FHIR Dosage, and is absent when the dose is not measured', () => {
  assert.equal(insuranceDoseText(build('CLOTRI1', { timesPerDay: 2, days: 14, quantity: 1 }).dosage), undefined);
  assert.equal(insuranceDoseText({ text: 'x' }), undefined);
  assert.equal(build('PARA120S', { dose: 5, timesPerDay: 3, days: 5 }).insuranceWording, '5 ml/lần * 3 lần/ngày * 5 ngày [15 ml/ngày]');
});

test('impossible input is refused with a reason', () => {
  assert.throws(() => build('PARA500', { dose: 1, timesPerDay: 2, days: 0 }), DosageInputError);
  assert.throws(() => build('PARA500', { dose: 0, timesPerDay: 2, days: 3 }), DosageInputError);
  assert.throws(() => build('PARA500', { dose: 1, days: 3 }), /times of day/);
  assert.throws(() => build('PARA500', { dose: 1, slots: ['morning'], timesPerDay: 2, days: 3 }), /times of day chosen \(1\) do not match 2 times per day/);
  assert.throws(() => build('PARA500', { dose: 1, asNeeded: { reason: ' ' }, days: 3 }), DosageInputError);
});
