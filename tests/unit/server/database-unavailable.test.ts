import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDatabaseUnavailable } from '../../../server/db/unavailable.ts';
import { toOutcomeError } from '../../../server/http/errors.ts';

/** A Prisma error as the PostgreSQL driver adapter raises it (the shapes seen with the database stopped). */
const adapterError = (code: string, cause: Record<string, unknown>) => Object.assign(new Error('database error'), { code, meta: { driverAdapterError: { cause } } });

test('a database that is stopped, restarting or cut off is unavailable', () => {
  assert.ok(isDatabaseUnavailable(adapterError('P2010', { kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' })));
  assert.ok(isDatabaseUnavailable(adapterError('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })));
  assert.ok(isDatabaseUnavailable(adapterError('P1001', { kind: 'DatabaseNotReachable' })));
  assert.ok(isDatabaseUnavailable(adapterError('P2010', { kind: 'postgres', code: '08006' })));
  assert.ok(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
});

test('errors of the request or of the data are not', () => {
  assert.ok(!isDatabaseUnavailable(adapterError('P2010', { kind: 'postgres', code: '23505' })));
  assert.ok(!isDatabaseUnavailable(adapterError('P2002', { kind: 'UniqueConstraintViolation' })));
  assert.ok(!isDatabaseUnavailable(new Error('bug')));
  assert.ok(!isDatabaseUnavailable(undefined));
});

test('an unavailable database is answered 503, to retry, not 500', () => {
  const answer = toOutcomeError(adapterError('P2010', { kind: 'DatabaseNotReachable' }));
  assert.equal(answer.status, 503);
  assert.equal(answer.issues[0].code, 'transient');
  assert.ok(answer.retryAfterSeconds);
});
