import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../../../server/http/rate-limit.ts';

test('a key is limited within its window and free again in the next', () => {
  const limiter = new RateLimiter(3, 60_000);
  const start = 1_000_000;
  assert.deepEqual([1, 2, 3].map(() => limiter.hit('ip', start)), [0, 0, 0]);
  assert.equal(limiter.hit('ip', start + 10_000), 50);
  assert.equal(limiter.hit('other', start + 10_000), 0, 'keys are counted apart');
  assert.equal(limiter.hit('ip', start + 60_000), 0);
});
