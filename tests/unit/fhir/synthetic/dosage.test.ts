import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, asNeeded, dispensedQuantity, dosageOf, scheduled, scheduledInstruction } from '../../../../fhir/synthetic/dosage.ts';
import { DRUGS } from '../../../../fhir/synthetic/drugs.ts';

test('a twice-daily tablet after meals reads "Sáng 1 viên, chiều 1 viên, uống sau ăn"', () => {
  assert.equal(scheduledInstruction(scheduled(DRUGS.metformin500, ['morning', 'evening'], 'after')), 'Sáng 1 viên, chiều 1 viên, uống sau ăn');
});

test('instructions name each time of day, the unit, and when to take it relative to meals', () => {
  assert.equal(scheduledInstruction(scheduled(DRUGS.amoxicillin250, ['morning', 'noon', 'evening'], 'after')), 'Sáng 1 gói, trưa 1 gói, chiều 1 gói, uống sau ăn');
  assert.equal(scheduledInstruction(scheduled(DRUGS.omeprazole20, ['morning'], 'before')), 'Sáng 1 viên, uống trước ăn 30 phút');
  assert.equal(scheduledInstruction(scheduled(DRUGS.atorvastatin10, ['bedtime'], 'any')), 'Tối 1 viên, uống trước khi ngủ');
});

test('the FHIR dosage states dose, times per day, meal timing and course length', () => {
  const dosage = dosageOf(scheduled(DRUGS.metformin500, ['morning', 'evening'], 'after'), 30);
  assert.deepEqual(dosage.timing?.repeat, {
    boundsDuration: { value: 30, unit: 'ngày', system: 'http://unitsofmeasure.org', code: 'd' },
    frequency: 2,
    period: 1,
    periodUnit: 'd',
    when: ['PCM', 'PCV'],
  });
  assert.deepEqual(dosage.doseAndRate, [{ doseQuantity: { value: 1, unit: 'viên' } }]);
  assert.equal(dosage.route?.text, 'Uống');
});

test('quantity dispensed covers the course: tablets per day times days, or whole packs', () => {
  assert.equal(dispensedQuantity(scheduled(DRUGS.amoxicillin500, ['morning', 'noon', 'evening'], 'after'), 7), 21);
  assert.equal(dispensedQuantity(asNeeded(DRUGS.paracetamol500, 'Uống 1 viên khi sốt', 10), 5), 10);
  assert.equal(dispensedQuantity(applied(DRUGS.clotrimazoleCream, 'Bôi ngày 2 lần', 2, { packs: 1 }), 14), 1);
  assert.equal(dispensedQuantity(applied(DRUGS.metronidazoleVaginal, 'Đặt 1 viên mỗi tối', 1, { unitsPerDay: 1 }), 7), 7);
});

test('as-needed medicines say so and carry their own instruction', () => {
  const dosage = dosageOf(asNeeded(DRUGS.paracetamol500, 'Uống 1 viên khi sốt trên 38,5°C', 10), 5);
  assert.equal(dosage.asNeededBoolean, true);
  assert.equal(dosage.text, 'Uống 1 viên khi sốt trên 38,5°C');
  assert.equal(dosage.timing, undefined);
});
