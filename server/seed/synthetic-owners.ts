import type { Resource } from '@medplum/fhirtypes';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import type { SyntheticDataset } from '../../fhir/synthetic/dataset.ts';
import { facilityResources } from '../../fhir/synthetic/facilities.ts';
import { patientRecordResources, type PatientRecord } from '../../fhir/synthetic/record.ts';
import { staffResources } from '../../fhir/synthetic/staff.ts';
import { labelOwningFacility } from '../access/facility-label.ts';

/**
 * Generated data is written by a system job, so each resource carries the facility that would have created it:
 * a facility's rooms, staff and roles belong to it; the insurer belongs to no facility.
 */
export function ownedSetupResources(dataset: SyntheticDataset): ResourceJson[] {
  const owner = new Map<Resource, string>();
  for (const facility of [dataset.network.centre, ...dataset.network.stations]) {
    for (const resource of facilityResources(facility)) owner.set(resource, facility.organization.id!);
  }
  for (const roster of dataset.rosters) {
    for (const resource of staffResources(roster)) owner.set(resource, roster.facility.organization.id!);
  }
  return dataset.setupResources.map((resource) => labelOwningFacility(resource as ResourceJson, owner.get(resource) ?? null));
}

/** A patient's whole record belongs to the facility that manages the patient (where they were seen). */
export function ownedPatientRecordResources(record: PatientRecord): ResourceJson[] {
  const facilityId = record.patient.managingOrganization?.reference?.replace(/^Organization\//, '') ?? null;
  return patientRecordResources(record).map((resource) => labelOwningFacility(resource as ResourceJson, facilityId));
}
