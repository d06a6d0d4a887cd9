import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDosage } from '../../../../fhir/prescription/dosage.ts';
import { ACUTE_PROFILES, CHRONIC_COURSE_DAYS, CHRONIC_PROFILES, type RegimenChoice } from '../../../../fhir/synthetic/clinical-profiles.ts';
import type { Regimen } from '../../../../fhir/synthetic/dosage.ts';
import { findIcd10 } from '../../../../fhir/terminology/icd10.ts';

function regimensOf(choices: readonly RegimenChoice[]): Regimen[] {
  return choices.flatMap((choice) => (Array.isArray(choice) ? choice.filter((regimen): regimen is Regimen => regimen !== null) : [choice as Regimen]));
}

const prescribed = [
  ...ACUTE_PROFILES.flatMap((profile) => [...regimensOf(profile.adult), ...regimensOf(profile.child ?? [])].map((regimen) => ({ regimen, days: profile.days }))),
  ...CHRONIC_PROFILES.flatMap((profile) => [10, 70].flatMap((age) => regimensOf(profile.regimens(age)).map((regimen) => ({ regimen, days: CHRONIC_COURSE_DAYS })))),
];

test('every diagnosis the generator makes is a QĐ 4469 code allowed as main diagnosis', () => {
  for (const { icd10 } of [...ACUTE_PROFILES, ...CHRONIC_PROFILES]) {
    assert.equal(findIcd10(icd10)?.mainDiagnosisAllowed, true, icd10);
  }
});

test('every regimen the generator prescribes goes through the dosage builder with a quantity to dispense', () => {
  for (const { regimen, days } of prescribed) {
    const built = buildDosage(regimen.drug, { ...regimen.dosage, days });
    assert.ok(built.wording, regimen.drug.code);
    assert.ok((built.quantity ?? 0) > 0, regimen.drug.code);
  }
});

test('chronic prescriptions read as the dosage builder words them', () => {
  const wordings = new Set(prescribed.map(({ regimen, days }) => buildDosage(regimen.drug, { ...regimen.dosage, days }).wording));
  assert.ok(wordings.has('Sáng 1 viên, chiều 1 viên, uống sau ăn'));
  assert.ok(wordings.has('Uống trước khi ngủ 1 viên'));
  assert.ok(wordings.has('Hít 2 liều khi khó thở, cách nhau ít nhất 4 giờ, không quá 4 lần/ngày'));
});
