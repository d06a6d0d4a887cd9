import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Patient } from '@medplum/fhirtypes';
import { duplicateSearches, factsFromForm, jaroWinkler, nameSimilarity, rankDuplicates, scoreCandidate, type PersonFacts } from '../../../../fhir/registration/duplicates.ts';
import { emptyPatientForm, patientFromForm } from '../../../../fhir/registration/patient-form.ts';

const TODAY = '2026-06-01';
const person = (overrides: Partial<PersonFacts> = {}): PersonFacts => ({ name: 'Nguyễn Thị Ánh', gender: 'female', birthDate: '1985-03-12', communeCode: '00070', ...overrides });

function patient(id: string, fullName: string, birthDate: string, extra: Partial<ReturnType<typeof emptyPatientForm>> = {}): Patient {
  return { ...patientFromForm({ ...emptyPatientForm({ provinceCode: '01', communeCode: '00070' }), fullName, sex: 'female', birthDate, ...extra }, TODAY), id };
}

describe('Duplicate candidates', () => {
  test('name similarity ignores accents, case and spacing, and tolerates a missing middle name or a typo', () => {
    assert.equal(nameSimilarity('Nguyễn Thị Ánh', 'nguyen  thi anh'), 1);
    assert.ok(nameSimilarity('Nguyễn Văn An', 'Nguyễn An') >= 0.85);
    assert.ok(nameSimilarity('Nguyễn Văn Hùng', 'Nguyễn Văn Hưng') >= 0.9);
    assert.ok(nameSimilarity('Võ Thị Lan', 'Vũ Thị Lan') >= 0.85);
    assert.ok(nameSimilarity('Nguyễn Văn An', 'Trần Thị Bích') < 0.6);
    assert.equal(jaroWinkler('martha', 'marhta').toFixed(3), '0.961');
  });

  test('the same CCCD or card is nearly proof; a different CCCD nearly disproof', () => {
    assert.ok(scoreCandidate(person({ cccd: '001185012345' }), person({ name: 'Nguyen Thi Anh', cccd: '001185012345' })).score >= 95);
    assert.ok(scoreCandidate(person({ cccd: '001185012345' }), person({ cccd: '001185099999' })).score < 40);
    const card = scoreCandidate(person({ name: 'Nguyễn Ánh', card: 'GD4010112345678', socialInsuranceNumber: '0112345678' }), person({ card: 'HT3010112345678', socialInsuranceNumber: '0112345678' }));
    assert.equal(card.fields.card, 'similar', 'a renewed card keeps the social-insurance number');
    assert.ok(card.score >= 70);
  });

  test('same name, sex and birth date: very likely; a different sex or a far birth year: not shown', () => {
    const same = scoreCandidate(person(), person({ name: 'Nguyen Thi Anh' }));
    assert.deepEqual([same.fields.name, same.fields.birthDate, same.fields.gender], ['same', 'same', 'same']);
    assert.ok(same.score >= 70);
    assert.ok(scoreCandidate(person(), person({ gender: 'male' })).score < 40 + 20);
    assert.ok(scoreCandidate(person(), person({ birthDate: '1995-03-12' })).score < 40);
    const yearOnly = scoreCandidate(person({ birthDate: '1985' }), person());
    assert.equal(yearOnly.fields.birthDate, 'similar');
    assert.ok(yearOnly.score >= 40);
  });

  test('ranked best first, above the threshold only, once per patient', () => {
    const draft = factsFromForm({ ...emptyPatientForm({ provinceCode: '01', communeCode: '00070' }), fullName: 'nguyen thi anh', sex: 'female', birthDate: '12/03/1985' });
    const ranked = rankDuplicates(draft, [
      patient('a', 'Nguyễn Thị Ánh', '12/03/1985'),
      patient('b', 'Nguyễn Thị Anh', '1985'),
      patient('c', 'Trần Văn Bình', '12/03/1985'),
      patient('a', 'Nguyễn Thị Ánh', '12/03/1985'),
    ], TODAY);
    assert.deepEqual(ranked.map((candidate) => candidate.patient.id), ['a', 'b']);
    assert.equal(ranked[0].level, 'likely');
    assert.equal(ranked[0].summary.name, 'Nguyễn Thị Ánh');
  });

  test('candidates are looked up by each identifier and by folded name parts', () => {
    const searches = duplicateSearches(person({ cccd: '001185012345', card: 'GD4010112345678', socialInsuranceNumber: '0112345678', phone: '0912345678' }));
    assert.deepEqual(searches.map((search) => search.params.filter(([name]) => name !== '_count')), [
      [['cccd', '001185012345']],
      [['bhyt', 'GD4010112345678']],
      [['bhxh', '0112345678']],
      [['phone', '0912345678']],
      [['name', 'nguyen'], ['name', 'anh']],
      [['name', 'anh'], ['birthdate', '1985']],
    ]);
  });
});
