// A signed prescription does not change: its MedicationRequests (those carrying a national prescription code as
// groupIdentifier) may only be closed — cancelled when a revision replaces them, or completed, stopped or entered in
// error — and never deleted. Any other change is a new prescription ("revise") that cancels this one.
import { isDeepStrictEqual } from 'node:util';
import type { MedicationRequest } from '@medplum/fhirtypes';
import { PRESCRIPTION_CODE_SYSTEM } from '../identifiers/systems.ts';

/** The statuses a signed request may move to, and only from `active`. */
const CLOSING_STATUSES: ReadonlySet<string> = new Set(['cancelled', 'completed', 'stopped', 'entered-in-error']);

export function isSignedRequest(resource: { resourceType?: string; groupIdentifier?: { system?: string } }): boolean {
  return resource.resourceType === 'MedicationRequest' && resource.groupIdentifier?.system === PRESCRIPTION_CODE_SYSTEM;
}

function withoutStatus(request: MedicationRequest): Omit<MedicationRequest, 'meta' | 'status' | 'statusReason'> {
  const { meta: _meta, status: _status, statusReason: _statusReason, ...rest } = request;
  return rest;
}

/**
 * Why `next` may not replace the signed request `current` (undefined when it may): `null` is a deletion. The
 * explanation tells the doctor what to do instead.
 */
export function signedRequestChangeRefusal(current: MedicationRequest, next: MedicationRequest | null): string | undefined {
  if (!isSignedRequest(current)) return undefined;
  const code = current.groupIdentifier?.value;
  const revise = `revise prescription ${code} instead (POST /api/prescriptions/${code}/revise), which cancels it and signs a new one`;
  if (next === null) return `MedicationRequest/${current.id} belongs to the signed prescription ${code} and cannot be deleted; ${revise}`;
  if (!isDeepStrictEqual(withoutStatus(current), withoutStatus(next))) {
    return `MedicationRequest/${current.id} belongs to the signed prescription ${code} and cannot be changed; ${revise}`;
  }
  if (next.status !== current.status && !(current.status === 'active' && CLOSING_STATUSES.has(next.status))) {
    return `The signed prescription ${code} is ${current.status}; it can only go from active to ${[...CLOSING_STATUSES].join(', ')}`;
  }
  return undefined;
}
