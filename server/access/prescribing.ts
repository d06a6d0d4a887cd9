// Who may sign a prescription: a doctor linked to their Practitioner record at a facility. The role policy lets
// nurses write MedicationRequests too (orders they transcribe), but signing a prescription — the national code, the
// doctor's name on the paper and on the message to the national system — is the prescriber's alone.
import type { Principal } from '../auth/principal.ts';
import { forbidden } from '../../fhir/outcome.ts';

export interface Prescriber {
  practitionerId: string;
  facilityId: string;
}

export function ensurePrescriber(principal: Principal): Prescriber {
  if (principal.role !== 'doctor') throw forbidden(`Only doctors sign prescriptions; a ${principal.role} cannot`);
  if (!principal.practitionerId || !principal.facilityId) {
    throw forbidden('This doctor account is not linked to a Practitioner and a facility; ask the facility administrator to link it');
  }
  return { practitionerId: principal.practitionerId, facilityId: principal.facilityId };
}
