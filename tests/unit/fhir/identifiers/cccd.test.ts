import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCccdAgainst, generateCccd, isCccdFormat, parseCccd } from '../../../../fhir/identifiers/cccd.ts';
import { createRng } from '../../../../fhir/synthetic/random.ts';

test('a CCCD must be exactly 12 digits', () => {
  assert.equal(isCccdFormat('001085012345'), true);
  assert.equal(isCccdFormat('00108501234'), false);
  assert.equal(isCccdFormat('0010850123456'), false);
  assert.equal(isCccdFormat('00108501234a'), false);
  assert.equal(isCccdFormat('001 085 012 345'), false);
  assert.equal(parseCccd('123'), undefined);
});

test('a man born in 1985 whose birth was registered in Hà Nội: 001 + 0 + 85', () => {
  const parts = parseCccd('001085012345');
  assert.equal(parts?.birthPlaceCode, '001');
  assert.equal(parts?.birthProvince?.name, 'Thành phố Hà Nội');
  assert.equal(parts?.sex, 'male');
  assert.equal(parts?.birthYear, 1985);
  assert.equal(parts?.serial, '012345');
});

test('a woman born in 2001 in TP Hồ Chí Minh: 079 + 3 + 01', () => {
  const parts = parseCccd('079301987654');
  assert.equal(parts?.birthProvince?.name, 'Thành phố Hồ Chí Minh');
  assert.equal(parts?.sex, 'female');
  assert.equal(parts?.birthYear, 2001);
});

test('the fourth digit encodes sex and century: 1 = woman of the 1900s, 2 = man of the 2000s', () => {
  assert.deepEqual([parseCccd('087199000001')?.sex, parseCccd('087199000001')?.birthYear], ['female', 1999]);
  assert.deepEqual([parseCccd('087210000001')?.sex, parseCccd('087210000001')?.birthYear], ['male', 2010]);
});

test('a birth-place code that is no province decodes without a province', () => {
  assert.equal(parseCccd('003085012345')?.birthProvince, undefined);
});

test('no warning when the CCCD agrees with the record', () => {
  assert.deepEqual(checkCccdAgainst('001085012345', { gender: 'male', birthYear: 1985 }), []);
});

test('a CCCD of a woman on a record that says male is flagged', () => {
  assert.deepEqual(checkCccdAgainst('001185012345', { gender: 'male', birthYear: 1985 }), [
    { code: 'sex-mismatch', cccdSex: 'female', recordSex: 'male' },
  ]);
});

test('a birth year that contradicts the CCCD is flagged, including the century', () => {
  assert.deepEqual(checkCccdAgainst('001085012345', { gender: 'male', birthYear: 1986 }), [
    { code: 'birth-year-mismatch', cccdBirthYear: 1985, recordBirthYear: 1986 },
  ]);
  assert.deepEqual(checkCccdAgainst('001285012345', { gender: 'male', birthYear: 1985 }), [
    { code: 'birth-year-mismatch', cccdBirthYear: 2085, recordBirthYear: 1985 },
  ]);
});

test('sex and birth year can contradict at once', () => {
  const codes = checkCccdAgainst('001303012345', { gender: 'male', birthYear: 1990 }).map((warning) => warning.code);
  assert.deepEqual(codes, ['sex-mismatch', 'birth-year-mismatch']);
});

test('missing or non-binary facts are not contradictions', () => {
  assert.deepEqual(checkCccdAgainst('001185012345', {}), []);
  assert.deepEqual(checkCccdAgainst('001185012345', { gender: 'unknown' }), []);
  assert.deepEqual(checkCccdAgainst('001185012345', { gender: 'other', birthYear: 1985 }), []);
});

test('a malformed CCCD gives an invalid-format warning instead of a crash', () => {
  assert.deepEqual(checkCccdAgainst('12345', { gender: 'male' }), [{ code: 'invalid-format' }]);
});

test('a generated CCCD encodes the birth place, sex and birth year it was asked for', () => {
  assert.equal(generateCccd(createRng(1), { birthPlaceCode: '048', sex: 'female', birthYear: 2003, serial: 42 }), '048303000042');
  assert.equal(generateCccd(createRng(1), { birthPlaceCode: '001', sex: 'male', birthYear: 1959, serial: 999_999 }), '001059999999');
  assert.equal(isCccdFormat(generateCccd(createRng(1), { birthPlaceCode: '001', sex: 'male', birthYear: 1959 })), true);
});
