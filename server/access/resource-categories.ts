import { patientCompartmentTypes } from '../../fhir/search/parameters/patient-compartment.ts';

/**
 * Resource types grouped by who works with them; the role policy grants permissions per category. Types not named
 * here fall into `clinical` when they can hold patient data (Patient compartment, Provenance) and into `reference`
 * otherwise (terminology, definitions, and other shared content).
 */
export const CATEGORIES = ['demographics', 'coverage', 'visits', 'clinical', 'medication', 'catalogue', 'directory', 'reference', 'audit'] as const;
export type Category = (typeof CATEGORIES)[number];

const NAMED: Partial<Record<Category, string[]>> = {
  demographics: ['Patient', 'RelatedPerson', 'Person'],
  coverage: ['Coverage', 'Account', 'CoverageEligibilityRequest', 'CoverageEligibilityResponse', 'Claim', 'ClaimResponse',
    'ExplanationOfBenefit', 'ChargeItem', 'Invoice', 'EnrollmentRequest'],
  visits: ['Encounter', 'EpisodeOfCare', 'Appointment', 'AppointmentResponse', 'Schedule', 'Slot', 'Flag'],
  medication: ['MedicationRequest', 'MedicationDispense', 'MedicationAdministration', 'MedicationStatement'],
  // A facility's drug catalogue: kept by its pharmacist or administrator, prescribed from by its doctors.
  catalogue: ['Medication', 'MedicationKnowledge'],
  directory: ['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'HealthcareService', 'Endpoint', 'OrganizationAffiliation'],
  audit: ['AuditEvent'],
};

let categoryByType: Map<string, Category> | undefined;
let patientDataTypes: Set<string> | undefined;

function byType(): Map<string, Category> {
  if (categoryByType) return categoryByType;
  categoryByType = new Map();
  for (const [category, types] of Object.entries(NAMED) as [Category, string[]][]) {
    for (const type of types) categoryByType.set(type, category);
  }
  return categoryByType;
}

/**
 * Patient data: the types that can sit in a patient's compartment, plus Provenance (it names what was done to whom).
 * Facility isolation applies to these; every other type is shared content every facility may read.
 */
export function isPatientDataType(resourceType: string): boolean {
  patientDataTypes ??= new Set([...patientCompartmentTypes(), 'Provenance']);
  return patientDataTypes.has(resourceType) && resourceType !== 'AuditEvent';
}

export function categoryOf(resourceType: string): Category {
  return byType().get(resourceType) ?? (isPatientDataType(resourceType) ? 'clinical' : 'reference');
}

/** The types named for a category (for the documentation; `clinical` and `reference` also take unnamed types). */
export function namedTypes(category: Category): string[] {
  return NAMED[category] ?? [];
}
