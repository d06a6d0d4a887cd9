// One patient's record: the Patient, their BHYT Coverage, and their visits with everything recorded in them.
import type { Condition, Coverage, Encounter, MedicationRequest, Observation, Organization, Patient, Resource } from '@medplum/fhirtypes';
import { generateCoverage } from './coverage.ts';
import type { Facility } from './facilities.ts';
import { generatePatient } from './patient.ts';
import type { Rng } from './random.ts';
import type { StaffRoster } from './staff.ts';
import { DEFAULT_AS_OF, vnMidnight } from '../vietnam-time.ts';
import { generateVisits } from './visits.ts';

export interface PatientRecordOptions {
  /** Staff of `facility`, who see the patient. */
  staff: StaffRoster;
  /** Payer on the patient's Coverage. */
  insurer: Organization;
  /**
   * The patient's 0-based position in the dataset. Distinct sequences give distinct CCCD numbers (below
   * 1,000,000 patients per birth place, sex and year), social-insurance numbers, patient numbers and prescription codes.
   */
  sequence: number;
  /** "YYYY-MM-DD": ages are computed at this day and all visits happen before it. Defaults to DEFAULT_AS_OF. */
  asOf?: string;
  /** Number of visits; by default 1–7, or 5–12 for people with a chronic disease. */
  visitCount?: number;
}

export interface PatientRecord {
  patient: Patient;
  /** Absent for the uninsured. */
  coverage?: Coverage;
  encounters: Encounter[];
  observations: Observation[];
  conditions: Condition[];
  medicationRequests: MedicationRequest[];
}

export function generatePatientRecord(rng: Rng, facility: Facility, options: PatientRecordOptions): PatientRecord {
  const asOfMs = vnMidnight(options.asOf ?? DEFAULT_AS_OF);
  const { patient, facts } = generatePatient(rng, facility, { sequence: options.sequence, asOfMs });
  const visits = generateVisits(rng, { facility, staff: options.staff, patient, facts, sequence: options.sequence, asOfMs, visitCount: options.visitCount });
  const record: PatientRecord = { patient, ...visits };
  if (facts.insurance) {
    record.coverage = generateCoverage(rng, { patient, ...facts.insurance, registeredAt: facility, insurer: options.insurer });
  }
  return record;
}

/** The record's resources, each referenced resource before the ones that refer to it. */
export function patientRecordResources(record: PatientRecord): Resource[] {
  const resources: Resource[] = [record.patient];
  if (record.coverage) resources.push(record.coverage);
  resources.push(...record.encounters, ...record.conditions, ...record.observations, ...record.medicationRequests);
  return resources;
}
