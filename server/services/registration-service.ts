import type { Coverage, Patient } from '@medplum/fhirtypes';
import type { PrismaClient } from '../db/client.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { currentAccess } from '../access/request-access.ts';
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM } from '../../fhir/identifiers/systems.ts';
import {
  coverageFromForm,
  formCardNumber,
  hasErrors,
  patientFromForm,
  validatePatientForm,
  type FormField,
  type FormIssue,
  type PatientForm,
} from '../../fhir/registration/patient-form.ts';
import type { ResourceService } from './resource-service.ts';

export class RegistrationRefused extends Error {
  constructor(readonly issues: FormIssue[]) {
    super('The patient form has errors');
  }
}

/** Someone with this CCCD or card is already on file (and visible to the clerk): register a visit for them instead. */
export class DuplicateIdentifier extends Error {
  constructor(readonly field: FormField, readonly patientId: string) {
    super(`A patient with this ${field === 'cccd' ? 'CCCD' : 'insurance card'} is already registered: Patient/${patientId}`);
  }
}

export interface RegisteredPatient {
  patient: ResourceJson;
  coverage?: ResourceJson;
}

/**
 * The desk's "new patient": checks the form again (the browser did, but the server trusts no client), refuses a
 * second record for a CCCD or card number already on file, and stores the Patient and its Coverage in one
 * transaction. Fuzzy duplicates (similar name and birth date) are the clerk's call, made before this is called.
 */
export class RegistrationService {
  constructor(private readonly prisma: PrismaClient, private readonly resources: ResourceService) {}

  async registerPatient(form: PatientForm, today: string): Promise<RegisteredPatient> {
    const access = currentAccess();
    access.authorize('create', 'Patient');
    const issues = validatePatientForm(form, today);
    if (hasErrors(issues)) throw new RegistrationRefused(issues.filter((issue) => issue.severity === 'error'));
    const card = formCardNumber(form);
    if (card) access.authorize('create', 'Coverage');
    const patient = patientFromForm(form, today, { facilityId: access.principal.facilityId });
    return this.prisma.$transaction(async (tx) => {
      const cccd = form.cccd.replace(/\s/g, '');
      // Locked lookups: two clerks typing the same CCCD at once cannot both create.
      if (cccd) {
        const [existing] = await this.resources.findMatches('Patient', `identifier=${CCCD_SYSTEM}|${cccd}`, tx, { lock: true });
        if (existing) throw new DuplicateIdentifier('cccd', existing);
      }
      if (card) {
        const [existing] = await this.resources.findMatches('Patient', `identifier=${BHYT_CARD_SYSTEM}|${card}`, tx, { lock: true });
        if (existing) throw new DuplicateIdentifier('insurance.cardNumber', existing);
      }
      const created = await this.resources.create('Patient', patient as unknown as ResourceJson, undefined, tx);
      const result: RegisteredPatient = { patient: JSON.parse(created.version.content!) as ResourceJson };
      const coverage: Coverage | undefined = coverageFromForm(form, { reference: `Patient/${created.version.id}` });
      if (coverage) {
        const stored = await this.resources.create('Coverage', coverage as unknown as ResourceJson, undefined, tx);
        result.coverage = JSON.parse(stored.version.content!) as ResourceJson;
      }
      return result;
    });
  }
}

export type { Patient };
