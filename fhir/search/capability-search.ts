// What the CapabilityStatement says about searching a type: the parameters Sen indexes and matches (not the
// special ones it cannot), and the _include/_revinclude values that can name something.
import { searchParameters, type SearchParameterRegistry } from './parameters/registry.ts';

export interface SearchCapability {
  searchParam: { name: string; definition: string; type: 'string' | 'token' | 'date' | 'number' | 'quantity' | 'reference' | 'uri' | 'composite' }[];
  searchInclude: string[];
  searchRevInclude: string[];
}

export function searchCapability(resourceType: string, allTypes: string[], registry: SearchParameterRegistry = searchParameters()): SearchCapability {
  const usable = (type: string) => registry.forType(type).filter((param) => param.type !== 'special' && (param.expression || param.type === 'composite'));
  const own = usable(resourceType);
  const references = own.filter((param) => param.type === 'reference');
  const revIncludes = allTypes.flatMap((source) => usable(source)
    .filter((param) => param.type === 'reference' && (param.targets.length === 0 || param.targets.includes(resourceType)))
    .map((param) => `${source}:${param.code}`));
  return {
    searchParam: own.map((param) => ({ name: param.code, definition: param.url, type: param.type as SearchCapability['searchParam'][number]['type'] })),
    searchInclude: references.length ? ['*', ...references.map((param) => `${resourceType}:${param.code}`)] : [],
    searchRevInclude: revIncludes,
  };
}
