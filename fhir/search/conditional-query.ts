// The criteria of a conditional interaction (`If-None-Exist`, `PUT /Type?…`, a conditional reference): any search
// parameter of the type, parsed exactly as a search is. Nothing may be ignored — a criterion left out could match
// the wrong resource — so unknown parameters and result parameters are refused.
import { badRequest } from '../outcome.ts';
import { searchParameters, type SearchParameterRegistry } from './parameters/registry.ts';
import { parseSearch } from './query/parse-search.ts';
import type { Filter } from './query/search-query.ts';

export interface ConditionalCriteria {
  resourceType: string;
  filters: Filter[];
}

export function parseConditionalQuery(query: string, resourceType: string, registry: SearchParameterRegistry = searchParameters()): ConditionalCriteria {
  const params = [...new URLSearchParams(query.startsWith('?') ? query.slice(1) : query)];
  if (params.length === 0) throw badRequest('A conditional operation needs search criteria');
  const parsed = parseSearch(params, { registry, resourceTypes: [resourceType], strict: true, filtersOnly: true });
  return { resourceType, filters: parsed.scopes[0].filters };
}
