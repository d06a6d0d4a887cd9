import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, WeightedTable } from '../../../../fhir/synthetic/random.ts';

test('a seed and stream always give the same sequence', () => {
  const draw = () => Array.from({ length: 5 }, () => createRng(42, 7).uint32());
  assert.deepEqual(draw(), draw());
  const rng = createRng(42, 7);
  const again = createRng(42, 7);
  for (let i = 0; i < 1000; i++) assert.equal(rng.next(), again.next());
});

test('neighbouring seeds and streams give unrelated sequences', () => {
  const firstValues = new Set<number>();
  for (let stream = 0; stream < 10_000; stream++) firstValues.add(createRng(1, stream).uint32());
  for (let seed = 0; seed < 10_000; seed++) firstValues.add(createRng(seed, 0).uint32());
  assert.ok(firstValues.size > 19_990);
});

test('numbers stay within the requested bounds', () => {
  const rng = createRng(3);
  for (let i = 0; i < 10_000; i++) {
    const value = rng.next();
    assert.ok(value >= 0 && value < 1);
    const die = rng.int(1, 6);
    assert.ok(Number.isInteger(die) && die >= 1 && die <= 6);
  }
});

test('ids are version-4 UUIDs and do not repeat across many patient streams', () => {
  const ids = new Set<string>();
  for (let stream = 0; stream < 2000; stream++) {
    const rng = createRng(9, stream);
    for (let i = 0; i < 50; i++) {
      const id = rng.uuid();
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
  }
  assert.equal(ids.size, 100_000);
});

test('weighted picks follow their weights', () => {
  const table = new WeightedTable([['common', 9], ['rare', 1]] as const);
  const rng = createRng(11);
  let rare = 0;
  for (let i = 0; i < 10_000; i++) if (table.pick(rng) === 'rare') rare++;
  assert.ok(rare > 850 && rare < 1150, `${rare}`);
});
