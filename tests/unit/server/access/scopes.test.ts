import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidScopeError, ScopeSet, parseScope } from '../../../../server/access/scopes.ts';

test('v1 and v2 SMART scopes map onto permissions', () => {
  assert.deepEqual([...parseScope('user/Patient.read').permissions].sort(), ['history', 'read', 'search']);
  assert.deepEqual([...parseScope('system/*.write').permissions].sort(), ['create', 'delete', 'update']);
  assert.deepEqual([...parseScope('user/Observation.rs').permissions].sort(), ['history', 'read', 'search']);
  assert.deepEqual([...parseScope('user/Observation.cu').permissions].sort(), ['create', 'update']);
  const set = new ScopeSet('user/Patient.read user/Observation.cruds');
  assert.ok(set.allows('read', 'Patient'));
  assert.ok(!set.allows('create', 'Patient'));
  assert.ok(set.allows('delete', 'Observation'));
  assert.ok(!set.allows('read', 'Condition'));
});

test('malformed, patient/ and mixed scopes are refused', () => {
  for (const bad of ['user/Patient', 'user/Patient.rw', 'user/Nope.read', 'patient/*.read', "user/Patient.read'--", '', 'user/*.sr']) {
    assert.throws(() => new ScopeSet(bad), InvalidScopeError, bad);
  }
  assert.throws(() => new ScopeSet('user/*.read system/*.read'), /mix/);
});

test('a client may only request what its allowed scopes cover', () => {
  const allowed = new ScopeSet('system/Patient.read system/Observation.*');
  assert.ok(allowed.covers(new ScopeSet('system/Observation.rs')));
  assert.ok(allowed.covers(new ScopeSet('system/Patient.r')));
  assert.ok(!allowed.covers(new ScopeSet('system/*.read')));
  assert.ok(!allowed.covers(new ScopeSet('system/Patient.write')));
  assert.ok(!allowed.covers(new ScopeSet('user/Patient.read')));
});
