// Age groups, ICD-10 chapters and notifiable diseases: the classifications every figure is disaggregated by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageGroupOf, fullBirthDate, UNKNOWN_AGE_GROUP } from '../../../../fhir/indicators/age-groups.ts';
import { icd10ChapterOf } from '../../../../fhir/indicators/icd10-chapter.ts';
import { NOTIFIABLE_DISEASES, notifiableDiseaseOf } from '../../../../fhir/indicators/notifiable-diseases.ts';
import { findIcd10 } from '../../../../fhir/terminology/icd10.ts';
import { ageOn } from '../../../../fhir/registration/dates.ts';

test('age groups change on the birthday itself', () => {
  const group = (birthDate: string, day: string) => ageGroupOf(ageOn(fullBirthDate(birthDate)!, day).years);
  assert.equal(group('2021-11-21', '2026-11-20'), '0-4');
  assert.equal(group('2021-11-21', '2026-11-21'), '5-14');
  assert.equal(group('2011-11-21', '2026-11-20'), '5-14');
  assert.equal(group('2011-11-21', '2026-11-21'), '15-24');
  assert.equal(group('1961-11-21', '2026-11-20'), '50-64');
  assert.equal(group('1961-11-21', '2026-11-21'), '65+');
  assert.equal(group('1961', '2026-01-01'), '65+', 'a year-only birth date counts from 1 January');
  assert.equal(group('2026-11-21', '2026-11-21'), '0-4');
  assert.deepEqual([0, 4, 5, 14, 15, 24, 25, 49, 50, 64, 65, 110].map(ageGroupOf), ['0-4', '0-4', '5-14', '5-14', '15-24', '15-24', '25-49', '25-49', '50-64', '50-64', '65+', '65+']);
  assert.equal(ageGroupOf(undefined), UNKNOWN_AGE_GROUP);
  assert.equal(fullBirthDate('1980-05'), '1980-05-01');
  assert.equal(fullBirthDate('not a date'), undefined);
});

test('ICD-10 codes fall in their chapters, with or without the dot', () => {
  const cases: [string, string | undefined][] = [
    ['A00', 'I'], ['B99', 'I'], ['C50.9', 'II'], ['D48', 'II'], ['D50', 'III'], ['E11.9', 'IV'], ['H59', 'VII'], ['H60', 'VIII'],
    ['I10', 'IX'], ['j069', 'X'], ['K29.7', 'XI'], ['S06.0', 'XIX'], ['T98', 'XIX'], ['V01', 'XX'], ['Y98', 'XX'], ['Z00.0', 'XXI'],
    ['U07.1', 'XXII'], ['A17†', 'I'], ['', undefined], ['J', undefined],
  ];
  for (const [code, chapter] of cases) assert.equal(icd10ChapterOf(code)?.code, chapter, code);
});

test('notifiable diseases are matched by code or category, and only by those', () => {
  assert.equal(notifiableDiseaseOf('A90')?.id, 'dengue');
  assert.equal(notifiableDiseaseOf('A97.1')?.id, 'dengue');
  assert.equal(notifiableDiseaseOf('a971')?.id, 'dengue');
  assert.equal(notifiableDiseaseOf('B08.4')?.id, 'hand-foot-mouth');
  assert.equal(notifiableDiseaseOf('B08.5'), undefined, 'herpangina is not hand, foot and mouth disease');
  assert.equal(notifiableDiseaseOf('A08.4'), undefined, 'in QĐ 4469, A08.4 is a viral intestinal infection');
  assert.equal(notifiableDiseaseOf('B05.9')?.id, 'measles');
  assert.equal(notifiableDiseaseOf('U07.2')?.id, 'covid-19');
  assert.equal(notifiableDiseaseOf('A39.0')?.id, 'meningococcal-meningitis');
  assert.equal(notifiableDiseaseOf('A39.1'), undefined);
  assert.equal(notifiableDiseaseOf('J06.9'), undefined);
});

test('every code of the disease list exists in the Ministry ICD-10 (QĐ 4469) and no code belongs to two diseases', () => {
  const owner = new Map<string, string>();
  for (const disease of NOTIFIABLE_DISEASES) {
    assert.ok(disease.vi && disease.en && ['A', 'B', 'C'].includes(disease.group) && ['24h', '48h'].includes(disease.reportWithin), disease.id);
    for (const code of disease.icd10) {
      assert.ok(findIcd10(code), `${disease.id}: ${code} is not in QĐ 4469`);
      assert.equal(owner.get(code), undefined, `${code} is listed twice`);
      owner.set(code, disease.id);
    }
  }
  for (const id of ['dengue', 'measles', 'hand-foot-mouth', 'rubella', 'cholera', 'diphtheria', 'pertussis', 'covid-19']) {
    assert.ok(NOTIFIABLE_DISEASES.some((disease) => disease.id === id), `issue 7 names ${id}`);
  }
});
