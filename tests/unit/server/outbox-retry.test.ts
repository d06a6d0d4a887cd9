import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelayMs } from '../../../server/workers/backoff.ts';
import { outcomeOfHttpFailure } from '../../../server/workers/delivery-outcome.ts';
import { errorsOf } from '../../../server/adapters/national-prescription/client.ts';

const backoff = { baseMs: 1_000, maxMs: 60_000 };

test('delays double per attempt up to the cap, jittered within the upper half', () => {
  assert.deepEqual([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, backoff, () => 0)), [500, 1_000, 2_000, 4_000]);
  assert.deepEqual([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, backoff, () => 1)), [1_000, 2_000, 4_000, 8_000]);
  assert.equal(retryDelayMs(30, backoff, () => 1), 60_000);
  assert.equal(retryDelayMs(1, backoff, () => 0, 30_000), 30_000, 'a longer Retry-After wins');
});

test('timeouts, 5xx, 408 and 429 are retried; other 4xx, 422 included, fail at once', () => {
  assert.equal(outcomeOfHttpFailure(503, 'busy').kind, 'retry');
  assert.equal(outcomeOfHttpFailure(500, 'bug').kind, 'retry');
  assert.equal(outcomeOfHttpFailure(408, 'slow').kind, 'retry');
  assert.deepEqual(outcomeOfHttpFailure(429, 'slow down', '120'), { kind: 'retry', error: 'slow down', httpStatus: 429, retryAfterMs: 120_000 });
  assert.deepEqual(outcomeOfHttpFailure(422, 'ma_don_thuoc: Mã đơn thuốc đã tồn tại'), { kind: 'failed', error: 'ma_don_thuoc: Mã đơn thuốc đã tồn tại', httpStatus: 422 });
  assert.equal(outcomeOfHttpFailure(400, 'bad').kind, 'failed');
  assert.equal(outcomeOfHttpFailure(401, 'who are you').kind, 'failed');
});

test('a refusal’s errors are read whatever shape the national system uses', () => {
  assert.deepEqual(errorsOf({ danh_sach_cac_loi: ['a', 'b'] }, ''), ['a', 'b']);
  assert.deepEqual(errorsOf({ danh_sach_cac_loi: { ma_don_thuoc: ['đã tồn tại'], gioi_tinh: 'sai' } }, ''), ['ma_don_thuoc: đã tồn tại', 'gioi_tinh: sai']);
  assert.deepEqual(errorsOf({ danh_sach_cac_loi: 'một lỗi' }, ''), ['một lỗi']);
  assert.deepEqual(errorsOf({ message: 'Unauthenticated.' }, ''), ['Unauthenticated.']);
  assert.deepEqual(errorsOf(undefined, '<html>Bad Gateway</html>'), ['<html>Bad Gateway</html>']);
});
