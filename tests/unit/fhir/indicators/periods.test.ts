import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoWeekOf, parsePeriod } from '../../../../fhir/indicators/periods.ts';

test('ISO weeks around year ends belong to the year of their Thursday', () => {
  assert.equal(isoWeekOf('2026-01-01'), '2026-W01'); // a Thursday
  assert.equal(isoWeekOf('2025-12-29'), '2026-W01'); // the Monday of that week, still in 2025
  assert.equal(isoWeekOf('2026-12-31'), '2026-W53'); // 2026 has 53 weeks
  assert.equal(isoWeekOf('2027-01-03'), '2026-W53'); // a Sunday of 2027 in 2026's last week
  assert.equal(isoWeekOf('2027-01-04'), '2027-W01');
  assert.equal(isoWeekOf('2021-01-03'), '2020-W53');
  assert.equal(isoWeekOf('2024-12-30'), '2025-W01');
});

test('periods parse to their first and last day', () => {
  assert.deepEqual(parsePeriod('day:2026-11-21'), { kind: 'day', label: '2026-11-21', start: '2026-11-21', end: '2026-11-21' });
  assert.deepEqual(parsePeriod('week:2026-W47'), { kind: 'week', label: '2026-W47', start: '2026-11-16', end: '2026-11-22' });
  assert.deepEqual(parsePeriod('week:2026-W53'), { kind: 'week', label: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
  assert.deepEqual(parsePeriod('week:2025-W01'), { kind: 'week', label: '2025-W01', start: '2024-12-30', end: '2025-01-05' });
  assert.deepEqual(parsePeriod('month:2024-02'), { kind: 'month', label: '2024-02', start: '2024-02-01', end: '2024-02-29' });
  assert.deepEqual(parsePeriod('month:2026-12'), { kind: 'month', label: '2026-12', start: '2026-12-01', end: '2026-12-31' });
  for (const week of ['2026-W47', '2026-W53', '2025-W01']) {
    const period = parsePeriod(`week:${week}`)!;
    assert.equal(isoWeekOf(period.start), week);
    assert.equal(isoWeekOf(period.end), week);
  }
});

test('periods that do not exist are refused', () => {
  for (const text of ['week:2025-W53', 'week:2026-W00', 'day:2026-02-30', 'month:2026-13', 'year:2026', 'day:21/11/2026', 'month:2026-1', '']) {
    assert.equal(parsePeriod(text), undefined, text);
  }
});
