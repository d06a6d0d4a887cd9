import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ethnicities, findEthnicity } from '../../../../fhir/terminology/ethnicity.ts';

test('the 54 ethnic groups are listed with 2-digit codes, plus foreigners (55) and unknown (99)', () => {
  const codes = ethnicities().map((ethnicity) => ethnicity.code);
  assert.equal(codes.length, 56);
  assert.deepEqual(codes.slice(0, 54), Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, '0')));
  assert.deepEqual(codes.slice(54), ['55', '99']);
});

test('Kinh is 01 and other names help find a group (Mèo → HMông)', () => {
  assert.equal(findEthnicity('01')?.display, 'Kinh');
  assert.equal(findEthnicity('08')?.display, 'HMông');
  assert.match(findEthnicity('08')?.otherNames ?? '', /Mèo/);
  assert.equal(findEthnicity('56'), undefined);
});
