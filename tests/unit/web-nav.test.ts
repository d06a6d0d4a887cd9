import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mayCreatePatients, pagesFor, startPage } from '../../web/src/nav.ts';
import { roleAllows } from '../../server/access/role-policy.ts';
import { ROLES } from '../../server/auth/roles.ts';

describe('Role-appropriate navigation', () => {
  test('a pharmacist and an analyst do not see registration; receptionists start there, clinicians at the queue', () => {
    assert.deepEqual(pagesFor('pharmacist'), ['home']);
    assert.deepEqual(pagesFor('analyst'), ['home']);
    assert.deepEqual(pagesFor('facility-admin'), ['home', 'merge']);
    assert.ok(pagesFor('receptionist').includes('registration'));
    assert.equal(startPage('receptionist'), 'registration');
    assert.equal(startPage('doctor'), 'queue');
    assert.equal(startPage('pharmacist'), 'home');
  });

  test('the screens shown agree with the access policy', () => {
    for (const role of ROLES) {
      const pages = pagesFor(role);
      if (pages.includes('registration')) assert.ok(roleAllows(role, 'create', 'Encounter') && roleAllows(role, 'search', 'Patient'), role);
      if (pages.includes('queue')) assert.ok(roleAllows(role, 'update', 'Encounter'), role);
      assert.equal(mayCreatePatients(role), roleAllows(role, 'create', 'Patient') && role !== 'machine', role);
    }
  });
});
