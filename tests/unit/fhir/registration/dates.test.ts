import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, formatVnDate, formatVnDateTime, isAfterDay, parseTypedDate } from '../../../../fhir/registration/dates.ts';
import { vnDate } from '../../../../fhir/vietnam-time.ts';

describe('Dates as clerks type them', () => {
  test('dd/mm/yyyy with any separator, 8 digits, or a year alone', () => {
    assert.deepEqual(parseTypedDate('05/09/1990'), { kind: 'full', date: '1990-09-05' });
    assert.deepEqual(parseTypedDate('5-9-1990'), { kind: 'full', date: '1990-09-05' });
    assert.deepEqual(parseTypedDate('05.09.1990'), { kind: 'full', date: '1990-09-05' });
    assert.deepEqual(parseTypedDate('05091990'), { kind: 'full', date: '1990-09-05' });
    assert.deepEqual(parseTypedDate(' 1990 '), { kind: 'year', year: 1990 });
  });

  test('dates that do not exist, and other text, are refused', () => {
    for (const text of ['31/02/1990', '29/02/2023', '00/01/2000', '12/13/2000', '1990-09-05', 'abc', '', '123', '05/09/90']) {
      assert.equal(parseTypedDate(text), undefined, text);
    }
    assert.deepEqual(parseTypedDate('29/02/2024'), { kind: 'full', date: '2024-02-29' });
  });

  test('shown as dd/mm/yyyy; partial dates keep their precision', () => {
    assert.equal(formatVnDate('1990-09-05'), '05/09/1990');
    assert.equal(formatVnDate('1990-09'), '09/1990');
    assert.equal(formatVnDate('1990'), '1990');
    assert.equal(formatVnDate('2026-06-01T08:15:00+07:00'), '01/06/2026');
    assert.equal(formatVnDateTime(Date.parse('2026-06-01T01:05:00Z')), '08:05 01/06/2026');
  });

  test('the Vietnamese calendar day is UTC+7', () => {
    assert.equal(vnDate(Date.parse('2026-05-31T17:00:00Z')), '2026-06-01');
    assert.equal(vnDate(Date.parse('2026-05-31T16:59:59Z')), '2026-05-31');
  });

  test('ages in years and months; a year-only birth date counts whole years', () => {
    assert.deepEqual(ageOn('1990-09-05', '2026-09-04'), { years: 35, months: 431 });
    assert.deepEqual(ageOn('1990-09-05', '2026-09-05'), { years: 36, months: 432 });
    assert.equal(ageOn('2024-03-15', '2026-03-14').months, 23);
    assert.equal(ageOn('1990', '2026-01-01').years, 36);
    assert.equal(isAfterDay('2026-06-02', '2026-06-01'), true);
    assert.equal(isAfterDay('2027', '2026-06-01'), true);
    assert.equal(isAfterDay('2026', '2026-06-01'), false);
  });
});
