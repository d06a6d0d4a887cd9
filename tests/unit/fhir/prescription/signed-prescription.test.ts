import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MedicationRequest } from '@medplum/fhirtypes';
import { signedRequestChangeRefusal } from '../../../../fhir/prescription/signed-prescription.ts';
import { adultPrescription } from '../../../support/prescription-fixture.ts';

const signed = (): MedicationRequest => ({ ...adultPrescription().requests[0], id: 'mr-1', meta: { versionId: '1' } });

test('a signed prescription may be cancelled, with a reason, and nothing else', () => {
  const current = signed();
  assert.equal(signedRequestChangeRefusal(current, { ...current, meta: { versionId: '2' }, status: 'cancelled', statusReason: { text: 'Thay bằng đơn khác' } }), undefined);
  assert.match(signedRequestChangeRefusal(current, { ...current, note: [{ text: 'Đổi liều' }] })!, /cannot be changed; revise prescription/);
  assert.match(signedRequestChangeRefusal(current, { ...current, dispenseRequest: { quantity: { value: 60, unit: 'viên' } } })!, /cannot be changed/);
  assert.match(signedRequestChangeRefusal(current, null)!, /cannot be deleted/);
  assert.match(signedRequestChangeRefusal(current, { ...current, status: 'draft' })!, /only go from active/);
});

test('a cancelled prescription stays cancelled', () => {
  const cancelled: MedicationRequest = { ...signed(), status: 'cancelled' };
  assert.match(signedRequestChangeRefusal(cancelled, { ...cancelled, status: 'active' })!, /is cancelled/);
  assert.equal(signedRequestChangeRefusal(cancelled, { ...cancelled }), undefined);
});

test('requests that are not part of a signed prescription are not held by this rule', () => {
  const { groupIdentifier: _code, ...unsigned } = signed();
  assert.equal(signedRequestChangeRefusal(unsigned as MedicationRequest, null), undefined);
});
