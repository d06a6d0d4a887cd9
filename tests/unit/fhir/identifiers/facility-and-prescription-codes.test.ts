import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFacilityCode, parseFacilityCode } from '../../../../fhir/identifiers/facility-code.ts';
import { formatPrescriptionCode, parsePrescriptionCode } from '../../../../fhir/identifiers/prescription-code.ts';

test('a facility code is a 2-digit province and a 3-digit sequence: Bạch Mai is 01001', () => {
  assert.deepEqual(parseFacilityCode('01001'), { value: '01001', provinceCode: '01', sequence: 1, authority: 'province' });
  assert.equal(formatFacilityCode('12', 1), '12001');
});

test('facility codes 97xxx and 98xxx belong to the defence and police sectors', () => {
  assert.equal(parseFacilityCode('97015')?.authority, 'defence');
  assert.equal(parseFacilityCode('98002')?.authority, 'police');
});

test('malformed facility codes are rejected', () => {
  assert.equal(parseFacilityCode('0100'), undefined);
  assert.equal(parseFacilityCode('01A01'), undefined);
  assert.equal(parseFacilityCode('01000'), undefined);
  assert.throws(() => formatFacilityCode('1', 5));
  assert.throws(() => formatFacilityCode('01', 1000));
});

test('an e-prescription code is the facility code, 7 letters or digits, a dash and the type', () => {
  assert.deepEqual(parsePrescriptionCode('01001AB12CD3-C'), { value: '01001ab12cd3-c', facilityCode: '01001', serial: 'ab12cd3', type: 'c' });
  assert.equal(parsePrescriptionCode('01001ab12cd3-x'), undefined);
  assert.equal(parsePrescriptionCode('01001ab12cd-c'), undefined);
  assert.equal(parsePrescriptionCode('0100Aab12cd3-c'), undefined);
});

test('distinct counters give distinct, valid prescription codes', () => {
  const codes = new Set<string>();
  for (let counter = 0; counter < 5000; counter++) {
    const code = formatPrescriptionCode('92359', counter);
    assert.equal(parsePrescriptionCode(code)?.facilityCode, '92359');
    codes.add(code);
  }
  assert.equal(codes.size, 5000);
  assert.equal(formatPrescriptionCode('92359', 36 ** 7 - 1).length, 14);
  assert.throws(() => formatPrescriptionCode('92359', 36 ** 7));
});
