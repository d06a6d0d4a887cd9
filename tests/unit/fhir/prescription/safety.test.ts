import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AllergyIntolerance } from '@medplum/fhirtypes';
import type { DosageInput } from '../../../../fhir/prescription/dosage.ts';
import { checkAllergies, recordedAllergies } from '../../../../fhir/prescription/safety/allergy.ts';
import { checkPrescription } from '../../../../fhir/prescription/safety/check.ts';
import { checkControlledDrugs } from '../../../../fhir/prescription/safety/controlled-drugs.ts';
import { checkDoseLimits } from '../../../../fhir/prescription/safety/dose-limits.ts';
import { checkDuplicateTherapy } from '../../../../fhir/prescription/safety/duplicate-therapy.ts';
import { checkDuration, isListedChronicDisease } from '../../../../fhir/prescription/safety/duration.ts';
import { checkInteractions, INTERACTION_TABLE } from '../../../../fhir/prescription/safety/interactions.ts';
import type { PrescriptionDraft, RecordedAllergy } from '../../../../fhir/prescription/safety/prescription-draft.ts';
import { checkSameIngredient } from '../../../../fhir/prescription/safety/same-ingredient.ts';
import { checkYoungChild } from '../../../../fhir/prescription/safety/young-child.ts';
import { starterDrug } from '../../../../fhir/prescription/starter-catalogue.ts';

const ONE_A_DAY: DosageInput = { dose: 1, slots: ['morning'], days: 5 };

function draft(lines: (string | [string, DosageInput])[], changes: Partial<PrescriptionDraft> = {}): PrescriptionDraft {
  return {
    date: '2026-11-20',
    patient: { birthDate: '1970-05-01' },
    allergies: [],
    diagnoses: ['J06.9'],
    lines: lines.map((line) => (typeof line === 'string' ? { drug: starterDrug(line), dosage: ONE_A_DAY } : { drug: starterDrug(line[0]), dosage: line[1] })),
    ...changes,
  };
}

const withAllergy = (allergies: RecordedAllergy[], ...drugs: string[]) => checkAllergies(draft(drugs, { allergies }));

test('allergy: an allergy coded with the substance ATC code matches the drug containing it', () => {
  const [finding] = withAllergy([{ substance: 'Amoxicilin', atc: 'J01CA04' }], 'PARA500', 'AMOXCLAV625');
  assert.equal(finding.rule, 'allergy');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.lines, [1]);
  assert.equal(finding.message.vi, 'Người bệnh dị ứng Amoxicilin: Amoxicilin + Acid clavulanic 500mg/125mg có hoạt chất Amoxicilin.');
  assert.equal(finding.message.en, 'The patient is allergic to Amoxicilin: Amoxicilin + Acid clavulanic 500mg/125mg contains Amoxicilin.');
});

test('allergy: an allergy to a group (ATC prefix) matches every drug of the group', () => {
  const findings = withAllergy([{ substance: 'Penicilin', atc: 'J01C' }], 'AMOX500', 'CEFU500', 'AZI500');
  assert.deepEqual(findings.map((finding) => finding.lines[0]), [0]);
  assert.match(findings[0].message.vi, /dị ứng nhóm Penicilin: hoạt chất Amoxicilin của Amoxicilin 500mg thuộc nhóm này \(ATC J01CA04\)/);
});

test('allergy: a text-only allergy matches across Vietnamese and English spellings of the name', () => {
  assert.equal(withAllergy([{ substance: 'Amoxicillin' }], 'AMOX500').length, 1);
  assert.equal(withAllergy([{ substance: 'chlorpheniramine' }], 'CLOR4').length, 1);
  assert.equal(withAllergy([{ substance: 'metformin' }], 'METF500').length, 1);
  assert.equal(withAllergy([{ substance: 'Amoxicillin' }], 'AZI500', 'PARA500').length, 0);
});

test('allergy: a text-only allergy to a named group ("dị ứng penicilin", "NSAID") matches the group', () => {
  const [penicillin] = withAllergy([{ substance: 'Dị ứng penicilin' }], 'AMOX250');
  assert.match(penicillin.message.vi, /dị ứng nhóm kháng sinh nhóm penicilin/);
  assert.match(penicillin.message.en, /allergic to the penicillins group/);
  assert.equal(withAllergy([{ substance: 'NSAID' }], 'IBU400', 'MELO7.5', 'PARA500').length, 2);
});

test('allergy: refuted, entered-in-error and resolved allergies do not count', () => {
  const allergy = (code: string, status?: { verification?: string; clinical?: string }): AllergyIntolerance => ({
    resourceType: 'AllergyIntolerance',
    patient: { reference: 'Patient/p' },
    code: { coding: [{ system: 'http://www.whocc.no/atc', code, display: 'Amoxicillin' }] },
    ...(status?.verification ? { verificationStatus: { coding: [{ code: status.verification }] } } : {}),
    ...(status?.clinical ? { clinicalStatus: { coding: [{ code: status.clinical }] } } : {}),
  });
  const recorded = recordedAllergies([
    allergy('J01CA04'),
    allergy('J01CA04', { verification: 'refuted' }),
    allergy('J01CA04', { verification: 'entered-in-error' }),
    allergy('J01CA04', { clinical: 'resolved' }),
  ]);
  assert.deepEqual(recorded, [{ substance: 'Amoxicillin', atc: 'J01CA04' }]);
});

test('same ingredient twice: paracetamol tablets and paracetamol syrup add up', () => {
  const [finding] = checkSameIngredient(draft(['PARA500', 'AMOX500', 'PARA120S']));
  assert.deepEqual(finding.lines, [0, 2]);
  assert.equal(finding.message.vi, 'Hoạt chất Paracetamol có trong nhiều thuốc của đơn (Paracetamol 500mg, Paracetamol 120mg/5ml): tổng liều cộng dồn.');
  assert.equal(checkSameIngredient(draft(['AMOX500', 'AMOXCLAV625']))[0].message.en.startsWith('Amoxicilin is in more than one drug'), true);
  assert.deepEqual(checkSameIngredient(draft(['PARA500', 'AMOX500'])), []);
});

test('interactions come from the local versioned table and explain the effect and what to do', () => {
  const [finding] = checkInteractions(draft(['SIMVA20', 'PARA500', 'CLARI500']));
  assert.equal(finding.rule, 'interaction');
  assert.deepEqual(finding.lines, [0, 2]);
  assert.equal(
    finding.message.vi,
    `Tương tác chống chỉ định giữa Simvastatin 20mg và Clarithromycin 500mg: tăng mạnh nồng độ simvastatin: nguy cơ tiêu cơ vân. Ngừng simvastatin trong thời gian dùng kháng sinh, hoặc chọn kháng sinh khác. (bảng tương tác phiên bản ${INTERACTION_TABLE.version}).`,
  );
  assert.match(checkInteractions(draft(['ENAL5', 'LOSA50']))[0].message.en, /^Major interaction between Enalapril 5mg and Losartan 50mg: dual renin–angiotensin blockade/);
  assert.equal(checkInteractions(draft(['IBU400', 'ACENO4'])).length, 1);
  assert.deepEqual(checkInteractions(draft(['PARA500', 'AMOX500', 'AMLO5'])), []);
});

test('duplicate therapy: two sartans (same ATC subgroup), two NSAIDs, two antihistamines, two acid reducers', () => {
  const [sartans] = checkDuplicateTherapy(draft(['LOSA50', 'AMLO5', 'TELMI40']));
  assert.deepEqual(sartans.lines, [0, 2]);
  assert.equal(sartans.message.vi, 'Trùng nhóm điều trị nhóm ATC C09CA: Losartan 50mg, Telmisartan 40mg.');
  assert.equal(checkDuplicateTherapy(draft(['MELO7.5', 'DICLO50']))[0].message.vi, 'Trùng nhóm điều trị thuốc chống viêm không steroid (NSAID): Meloxicam 7,5mg, Diclofenac 50mg.');
  assert.equal(checkDuplicateTherapy(draft(['LORA10', 'CETI10', 'CLOR4']))[0].lines.length, 3);
  assert.equal(checkDuplicateTherapy(draft(['OMEP20', 'ESOME40'])).length, 1);
});

test('duplicate therapy leaves the same substance to the same-ingredient rule, and different groups alone', () => {
  assert.deepEqual(checkDuplicateTherapy(draft(['PARA500', 'PARA120S'])), []);
  assert.deepEqual(checkDuplicateTherapy(draft(['ENAL5', 'LOSA50', 'AMLO5', 'METF500'])), []);
});

test('duration: up to 30 days for anyone, up to 90 for a listed chronic disease, never more', () => {
  const days = (n: number, diagnoses: string[]) => checkDuration(draft([['AMLO5', { dose: 1, slots: ['morning'], days: n }]], { diagnoses }));
  assert.deepEqual(days(30, ['J06.9']), []);
  assert.deepEqual(days(60, ['I10']), []);
  assert.deepEqual(days(90, ['J06.9', 'E11.9']), []);
  const [notChronic] = days(60, ['J06.9']);
  assert.equal(notChronic.severity, 'warning');
  assert.match(notChronic.message.vi, /^Amlodipin 5mg kê 60 ngày: quá 30 ngày chỉ được phép \(tối đa 90 ngày\) với bệnh mạn tính/);
  const [tooLong] = days(91, ['I10']);
  assert.equal(tooLong.severity, 'error');
  assert.equal(tooLong.message.vi, 'Amlodipin 5mg kê 91 ngày, quá 90 ngày tối đa của một đơn thuốc.');
  assert.equal(isListedChronicDisease('B18.1'), true);
  assert.equal(isListedChronicDisease('B18.2'), false);
  assert.equal(isListedChronicDisease('I10'), true);
  assert.equal(isListedChronicDisease('I100'), false);
});

test('children under 72 months: the weight and the person who brought the child are required', () => {
  const child = (patient: PrescriptionDraft['patient']) => checkYoungChild(draft(['PARA120S'], { patient }));
  const missing = child({ birthDate: '2024-06-01' });
  assert.deepEqual(missing.map((finding) => finding.severity), ['error', 'error']);
  assert.equal(missing[0].message.vi, 'Trẻ 29 tháng tuổi (dưới 72 tháng): đơn thuốc phải ghi cân nặng.');
  assert.equal(missing[1].message.vi, 'Trẻ 29 tháng tuổi (dưới 72 tháng): đơn thuốc phải ghi họ tên người đưa trẻ đến khám.');
  assert.deepEqual(child({ birthDate: '2024-06-01', weightKg: 12.5, guardianName: 'Phạm Thu Hà' }), []);
  assert.equal(child({ birthDate: '2020-12-01' }).length, 2, '71 months');
  assert.deepEqual(child({ birthDate: '2020-11-20' }), [], '72 months');
});

test('controlled drugs: narcotic, psychotropic and traditional drugs each need their own prescription', () => {
  const [mixed] = checkControlledDrugs(draft(['PARA500', 'MORPH30']));
  assert.equal(mixed.severity, 'error');
  assert.equal(
    mixed.message.vi,
    'Thuốc thuộc các loại đơn khác nhau phải kê trên đơn riêng: đơn thuốc thường: Paracetamol 500mg; đơn thuốc gây nghiện ("N"): Morphin sulfat 30mg (giải phóng kéo dài).',
  );
  assert.equal(checkControlledDrugs(draft(['HHDN', 'PARA500'])).length, 1);
  assert.deepEqual(checkControlledDrugs(draft(['DIAZ5', 'PHENO100'])), [], 'psychotropic drugs share an "H" prescription');
  assert.deepEqual(checkControlledDrugs(draft(['MORPH30'])), []);
});

test('dose above the maximum: per administration and per day, in milligrams of the ingredient', () => {
  const paracetamol = (dose: number, timesPerDay: number) => checkDoseLimits(draft([['PARA500', { dose, timesPerDay, days: 3 }]]));
  assert.deepEqual(paracetamol(2, 4), [], '1000 mg four times a day is the maximum, not over it');
  const [perDay] = paracetamol(2, 5);
  assert.equal(perDay.message.vi, 'Paracetamol 500mg: 5000 mg Paracetamol mỗi ngày, quá liều tối đa một ngày 4000 mg.');
  const tooMuchAtOnce = paracetamol(3, 2);
  assert.deepEqual(tooMuchAtOnce.map((finding) => finding.message.en), ['Paracetamol 500mg: 1500 mg of Paracetamol per administration, over the single-dose maximum of 1000 mg.']);
});

test('dose limits for children go by weight, and syrups by the strength per ml', () => {
  const child = draft([['PARA120S', { dose: 10, timesPerDay: 4, days: 3 }]], { patient: { birthDate: '2024-06-01', weightKg: 12.5, guardianName: 'x' } });
  const findings = checkDoseLimits(child);
  assert.deepEqual(findings.map((finding) => finding.message.vi), [
    'Paracetamol 120mg/5ml: mỗi lần 240 mg Paracetamol, quá liều tối đa một lần 187,5 mg (theo cân nặng 12,5 kg).',
    'Paracetamol 120mg/5ml: 960 mg Paracetamol mỗi ngày, quá liều tối đa một ngày 750 mg (theo cân nặng 12,5 kg).',
  ]);
  const asNeeded = draft([['PARA500', { dose: 2, asNeeded: { reason: 'khi sốt', maxTimesPerDay: 6 }, days: 3, quantity: 10 }]]);
  assert.equal(checkDoseLimits(asNeeded).length, 1, 'an as-needed maximum of 6 × 1000 mg is over 4000 mg a day');
});

test('the whole check lists errors before warnings, each explained', () => {
  const findings = checkPrescription(
    draft(['MORPH30', 'PARA500', 'PARA120S', 'IBU400', 'ACENO4'], {
      patient: { birthDate: '2023-01-01' },
      allergies: [{ substance: 'Ibuprofen', atc: 'M01AE01' }],
    }),
  );
  assert.deepEqual(findings.map((finding) => finding.rule), ['controlled-drugs', 'young-child', 'young-child', 'allergy', 'same-ingredient', 'interaction']);
  assert.ok(findings.every((finding) => finding.message.vi && finding.message.en));
});
