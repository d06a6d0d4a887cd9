// Whether a Medication is a drug of the caller's facility's catalogue, and still in use: the one rule signing,
// templates and favourites share, so a drug can never be saved in a template that signing would refuse.
import type { Medication } from '@medplum/fhirtypes';
import { FhirError } from '../../fhir/outcome.ts';
import { fromMedicationResource } from '../../fhir/prescription/medication-resource.ts';
import type { CatalogueDrug } from '../../fhir/prescription/medication.ts';
import { currentAccess } from '../access/request-access.ts';
import type { StoredVersion } from '../store/resource-rows.ts';
import type { ResourceService } from './resource-service.ts';

export type CatalogueEntry =
  | { medication: Medication; drug: CatalogueDrug }
  | { missing: 'not-in-catalogue' | 'inactive'; name?: string };

/** The stored Medication as a drug of the caller's catalogue (any facility's for system-wide access). */
export function catalogueEntry(stored: StoredVersion): CatalogueEntry {
  const access = currentAccess();
  const medication = JSON.parse(stored.content ?? 'null') as Medication;
  const drug = fromMedicationResource(medication);
  if (!drug || (stored.facilityId !== access.principal.facilityId && !access.systemWide)) return { missing: 'not-in-catalogue' };
  if (!drug.active) return { missing: 'inactive', name: drug.name };
  return { medication, drug };
}

/** As catalogueEntry, with a Medication that no longer exists (deleted, or never visible here) not in the catalogue. */
export async function findCatalogueEntry(resources: ResourceService, medicationId: string): Promise<CatalogueEntry> {
  try {
    return catalogueEntry(await resources.read('Medication', medicationId));
  } catch (error) {
    if (error instanceof FhirError && (error.status === 404 || error.status === 410)) return { missing: 'not-in-catalogue' };
    throw error;
  }
}

/** Why a line's drug cannot be prescribed, for the error naming `field` (lines[2]). */
export function missingDrugMessage(entry: { missing: 'not-in-catalogue' | 'inactive'; name?: string }, field: string, medicationId: string): string {
  return entry.missing === 'inactive'
    ? `${field}: ${entry.name} is no longer in use in the catalogue`
    : `${field}: Medication/${medicationId} is not a drug of this facility's catalogue`;
}
