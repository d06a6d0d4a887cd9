import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrescriptionInputError, readPrescriptionInput } from '../../../../fhir/prescription/prescription-input.ts';
import {
  applyTemplate,
  readFavouriteInput,
  readTemplateInput,
  readTemplateName,
  templateNameKey,
  type TemplateLine,
} from '../../../../fhir/prescription/prescription-template.ts';
import { starterDrug } from '../../../../fhir/prescription/starter-catalogue.ts';

const line = (medicationId: string, dosage: Record<string, unknown>) => ({ medicationId, dosage });
const refused = (work: () => unknown, message: RegExp) => assert.throws(work, (error) => error instanceof PrescriptionInputError && message.test(error.message));

test('a template name is kept as typed, in NFC with its spaces collapsed, and 1–80 characters long', () => {
  assert.equal(readTemplateName('  Viêm họng\t người lớn  '), 'Viêm họng người lớn');
  // "ọ" typed as o + combining dot below (a phone keyboard) is the same name as the precomposed letter.
  assert.equal(readTemplateName('Vie\u0302m ho\u0323ng'), 'Viêm họng');
  refused(() => readTemplateName('   '), /1–80 characters/);
  refused(() => readTemplateName('x'.repeat(81)), /1–80 characters/);
  assert.equal(readTemplateName('x'.repeat(80)).length, 80);
  refused(() => readTemplateName(42), /must be text/);
  refused(() => readTemplateName('Đơn\u0000mẫu'), /control characters/);
});

test('names differing in case share a key; names differing in diacritics do not', () => {
  assert.equal(templateNameKey(readTemplateName('VIÊM HỌNG')), templateNameKey(readTemplateName('viêm  họng')));
  assert.notEqual(templateNameKey('Ho'), templateNameKey('Hồ'));
});

test('template lines are read by the prescribing input\'s rules: the same errors, the same limit, only the dosage fields', () => {
  const lines = [line('para', { dose: 1, timesPerDay: 2, days: 5, meal: 'after-meal', extra: 'dropped' })];
  const input = readTemplateInput({ name: 'Sốt', lines }, false);
  assert.deepEqual(input.lines, [{ medicationId: 'para', dosage: { dose: 1, timesPerDay: 2, days: 5, meal: 'after-meal' } }]);
  // A prescription with the same lines reads them identically.
  assert.deepEqual(readPrescriptionInput({ patientId: 'p', conditionIds: ['c'], lines }).lines, input.lines);

  const sameError = (badLines: unknown, message: RegExp) => {
    refused(() => readTemplateInput({ name: 'Sốt', lines: badLines }, false), message);
    refused(() => readPrescriptionInput({ patientId: 'p', conditionIds: ['c'], lines: badLines }), message);
  };
  sameError([], /"lines" must list 1–30 drugs/);
  sameError(Array.from({ length: 31 }, () => lines[0]), /"lines" must list 1–30 drugs/);
  sameError([line('para', { dose: '1', days: 5 })], /lines\[0\]\.dosage\.dose must be a number/);
  sameError([line('para', { dose: 1, timesPerDay: 2 })], /lines\[0\]\.dosage\.days is required/);
  sameError([line('para', { dose: 1, slots: ['lunch'], days: 2 })], /lines\[0\]\.dosage\.slots must list times of day/);
  sameError([{ medicationId: 'a b', dosage: { days: 1 } }], /lines\[0\]\.medicationId" must be a resource id/);
});

test('a new template needs a name and lines; a change needs one of them and nothing else', () => {
  refused(() => readTemplateInput({ lines: [line('para', { days: 1 })] }, false), /"name" must be text/);
  refused(() => readTemplateInput({ name: 'Sốt' }, false), /"lines" must list/);
  assert.deepEqual(readTemplateInput({ name: 'Sốt cao' }, true), { name: 'Sốt cao' });
  refused(() => readTemplateInput({}, true), /Send "name", "lines" or both/);
  refused(() => readTemplateInput({ name: 'Sốt', owner: 'someone-else' }, true), /Unknown field\(s\): owner/);
  refused(() => readTemplateInput([{ name: 'Sốt' }], false), /must be a JSON object/);
});

test('a star comes with a dosage or none', () => {
  assert.deepEqual(readFavouriteInput(undefined), {});
  assert.deepEqual(readFavouriteInput({}), {});
  assert.deepEqual(readFavouriteInput({ dosage: { dose: 1, slots: ['evening'], days: 7 } }), { dosage: { dose: 1, slots: ['evening'], days: 7 } });
  refused(() => readFavouriteInput({ dosage: { dose: 1 } }), /dosage\.days is required/);
  refused(() => readFavouriteInput({ dose: 1 }), /must be \{\} or \{dosage/);
});

test('applying a template keeps the lines the catalogue still has and names each one it cannot add, and why', () => {
  const saved: TemplateLine[] = [
    { medicationId: 'lora', code: 'LORA10', name: 'Loratadin 10mg', dosage: { dose: 1, slots: ['evening'], days: 7 } },
    { medicationId: 'para', code: 'PARA500', name: 'Paracetamol 500mg', dosage: { dose: 1, timesPerDay: 3, days: 3 } },
    { medicationId: 'gone', code: 'CLOR4', name: 'Clorpheniramin 4mg', dosage: { dose: 1, timesPerDay: 2, days: 5 } },
    // A dosage the builder refuses (a template stored before a rule tightened): reported, never added half-checked.
    { medicationId: 'syrup', code: 'PARA120S', name: 'Paracetamol 120mg/5ml', dosage: { dose: 5, doseUnit: 'ml', timesPerDay: 4, days: 0 } },
  ];
  const catalogue = new Map([
    ['lora', { missing: 'inactive' as const }],
    ['para', { drug: starterDrug('PARA500') }],
    ['gone', { missing: 'not-in-catalogue' as const }],
    ['syrup', { drug: starterDrug('PARA120S') }],
  ]);
  const applied = applyTemplate(saved, (templateLine) => catalogue.get(templateLine.medicationId)!);
  assert.deepEqual(applied.lines, [{ medicationId: 'para', dosage: saved[1].dosage, drug: starterDrug('PARA500') }]);
  assert.deepEqual(applied.unavailable.map((unavailable) => [unavailable.position, unavailable.code, unavailable.reason]), [
    [0, 'LORA10', 'inactive'],
    [2, 'CLOR4', 'not-in-catalogue'],
    [3, 'PARA120S', 'dosage-invalid'],
  ]);
  assert.equal(applied.unavailable[1].message.vi, 'Clorpheniramin 4mg (CLOR4) không còn trong danh mục thuốc của cơ sở: chưa thêm vào đơn.');
  assert.match(applied.unavailable[2].message.en, /saved dosage of Paracetamol 120mg\/5ml \(PARA120S\) no longer fits/);
});
