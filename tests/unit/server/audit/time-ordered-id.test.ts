import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeOrderedUuid } from '../../../../server/audit/time-ordered-id.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('audit ids are version 7 UUIDs carrying their millisecond', () => {
  const at = Date.UTC(2026, 10, 22, 7, 0, 0, 123);
  const id = timeOrderedUuid(at);
  assert.match(id, UUID_V7);
  assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), at);
});

test('later ids sort after earlier ones, and ids of one millisecond differ', () => {
  const earlier = timeOrderedUuid(1_800_000_000_000);
  const later = timeOrderedUuid(1_800_000_000_001);
  assert.ok(earlier < later);
  const same = new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(1_800_000_000_000)));
  assert.equal(same.size, 1000);
});
