import express, { Router } from 'express';
import type { AppContext } from '../context.ts';
import { roleMayBreakGlass } from '../access/role-policy.ts';
import { BREAK_GLASS_MINUTES } from '../access/patient-grants.ts';
import { breakGlassAuditEntry } from '../audit/audit-event.ts';
import { readCurrent } from '../store/resource-rows.ts';
import { isValidId } from '../../fhir/validation/validate.ts';
import { accessOf } from './authenticate.ts';
import { ApiError } from './api-errors.ts';

const MIN_REASON = 10;
const MAX_REASON = 1000;

/**
 * Emergency access ("break the glass"): `POST /api/break-glass {patient, reason}` opens one patient of another
 * facility to the signed-in clinician for BREAK_GLASS_MINUTES. The reason is mandatory and, with the grant, goes
 * into the audit trail, where the patient's facility administrator finds it.
 */
export function breakGlassRouter(context: AppContext): Router {
  const router = Router();
  router.post('/break-glass', express.json({ limit: '16kb', strict: true }), async (request, response) => {
    const { principal } = accessOf(response);
    if (!roleMayBreakGlass(principal.role) || principal.kind !== 'user') {
      throw new ApiError(403, 'forbidden', `The ${principal.role} role may not use emergency access`);
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    const patientId = typeof body.patient === 'string' ? body.patient.replace(/^Patient\//, '') : '';
    if (!isValidId(patientId)) throw new ApiError(400, 'invalid_request', '"patient" must be a Patient id or reference (Patient/…)');
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (reason.length < MIN_REASON || reason.length > MAX_REASON) {
      throw new ApiError(400, 'invalid_request', `"reason" is required: say why, in ${MIN_REASON}–${MAX_REASON} characters`);
    }
    const patient = await readCurrent(context.database.prisma, 'Patient', patientId);
    if (!patient) throw new ApiError(404, 'not_found', `Patient/${patientId} is not known`);
    if (patient.facilityId !== null && patient.facilityId === principal.facilityId) {
      throw new ApiError(400, 'invalid_request', `Patient/${patientId} belongs to your facility; no emergency access is needed`);
    }
    const grant = await context.grants.breakGlass({ patientId, userId: principal.userId, reason });
    context.audit.record(breakGlassAuditEntry({ actor: { identity: principal, address: request.ip }, patientId, reason, expiresAt: grant.expiresAt }));
    response.status(201).json({ patient: `Patient/${patientId}`, expires_at: grant.expiresAt.toISOString(), minutes: BREAK_GLASS_MINUTES });
  });
  return router;
}
