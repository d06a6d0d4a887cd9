// Which patients a resource belongs to, by the R4 Patient CompartmentDefinition: a resource is in Patient/x's
// compartment when one of the compartment's reference parameters for its type refers to Patient/x. The parameters
// come from the search engine's reading of the definition and the values from the resource's own reference index
// rows, so nothing is evaluated twice and nothing about compartments is defined twice.
import type { IndexEntries } from '../search/index-entries.ts';
import { patientCompartmentLinks } from '../search/parameters/patient-compartment.ts';

let paramsByType: Map<string, Set<string>> | undefined;

function compartmentParams(resourceType: string): Set<string> | undefined {
  if (!paramsByType) {
    paramsByType = new Map();
    for (const { type, param } of patientCompartmentLinks()) {
      paramsByType.set(type, (paramsByType.get(type) ?? new Set()).add(param));
    }
  }
  return paramsByType.get(resourceType);
}

/**
 * The ids of the patients whose compartment `resource` is in: a Patient is in its own, and any resource is in the
 * compartment of each Patient its compartment parameters refer to (relative references, as Sen stores them).
 * `index` is the resource's index rows (extractIndexEntries).
 */
export function patientCompartmentIds(resource: { resourceType: string; id?: string }, index: IndexEntries): string[] {
  const ids = new Set<string>();
  if (resource.resourceType === 'Patient' && resource.id) ids.add(resource.id);
  const params = compartmentParams(resource.resourceType);
  if (params) {
    for (const row of index.references) {
      if (params.has(row.param) && row.targetType === 'Patient' && row.targetId && row.url === null) ids.add(row.targetId);
    }
  }
  return [...ids];
}
