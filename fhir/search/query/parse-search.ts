// Parses a whole search query string: the result parameters (_count, _sort, _include…) and, for each resource
// type searched, its filters. Unknown parameters are refused under `Prefer: handling=strict` and otherwise
// ignored and reported; bad values are refused either way.
import { badRequest } from '../../outcome.ts';
import { r4Definitions } from '../../validation/definitions.ts';
import { ANY_TYPE, type SearchParameterRegistry } from '../parameters/registry.ts';
import { parseFilter, UnknownParameter } from './parse-filters.ts';
import type { Filter, IncludeSpec, SearchQuery, SortKey, SummaryMode, TotalMode } from './search-query.ts';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;

/** Result parameters this server understands but that change nothing (output format). */
const HARMLESS = new Set(['_format', '_pretty']);
const TOTALS = new Set<TotalMode>(['none', 'estimate', 'accurate']);
const SUMMARIES = new Set<SummaryMode>(['true', 'count', 'text', 'data', 'false']);

export interface ParseSearchOptions {
  registry: SearchParameterRegistry;
  /** The types searched: one for /[type], several or none (any) for a system search. */
  resourceTypes?: string[];
  strict: boolean;
  /** Conditional criteria take filters only. */
  filtersOnly?: boolean;
}

export function parseSearch(params: [string, string][], options: ParseSearchOptions): SearchQuery {
  const { registry, strict } = options;
  const types = options.resourceTypes ?? typesOf(params);
  const query: SearchQuery = { scopes: (types ?? [undefined]).map((resourceType) => ({ resourceType, filters: [] })), sort: [], count: DEFAULT_COUNT, include: [], revinclude: [], ignored: [] };
  const ignore = (reason: string): void => {
    if (strict) throw badRequest(`${reason} (Prefer: handling=strict)`);
    query.ignored.push(reason);
  };
  for (const [key, raw] of params) {
    const name = key.split(':')[0];
    if (name.startsWith('_') && name !== '_has' && registry.get(ANY_TYPE, name) === undefined) {
      if (options.filtersOnly) {
        ignore(`${key} is not a search criterion`);
        continue;
      }
      resultParameter(query, registry, key, raw, ignore);
      continue;
    }
    if (raw === '') {
      ignore(`${key} has no value`);
      continue;
    }
    const filters: Filter[] = [];
    try {
      for (const scope of query.scopes) filters.push(parseFilter(registry, scope.resourceType, key, raw));
    } catch (error) {
      if (!(error instanceof UnknownParameter)) throw error;
      ignore(error.message);
      continue;
    }
    query.scopes.forEach((scope, i) => scope.filters.push(filters[i]));
  }
  if (query.sort.length > 0) checkSortAcrossTypes(query, registry);
  return query;
}

function typesOf(params: [string, string][]): string[] | undefined {
  const lists = params.filter(([key]) => key === '_type').map(([, value]) => value.split(','));
  if (lists.length === 0) return undefined;
  const types = [...new Set(lists.flat().map((type) => type.trim()))];
  const unknown = types.filter((type) => !r4Definitions().resourceTypes.has(type));
  if (unknown.length > 0) throw badRequest(`_type: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not resource types' : 'is not a resource type'}`);
  return types;
}

function resultParameter(query: SearchQuery, registry: SearchParameterRegistry, key: string, raw: string, ignore: (reason: string) => void): void {
  const [name, modifier] = key.split(':');
  switch (name) {
    case '_type':
      return;
    case '_count':
      query.count = count(raw);
      return;
    case '_cursor':
      query.cursor = raw;
      return;
    case '_total':
      if (!TOTALS.has(raw as TotalMode)) throw badRequest(`_total must be none, estimate or accurate, got "${raw}"`);
      query.total = raw as TotalMode;
      return;
    case '_summary':
      if (!SUMMARIES.has(raw as SummaryMode)) throw badRequest(`_summary must be true, count, text, data or false, got "${raw}"`);
      query.summary = raw as SummaryMode;
      return;
    case '_elements':
      query.elements = raw.split(',').map((element) => element.trim()).filter(Boolean);
      if (query.elements.some((element) => !/^[a-zA-Z][A-Za-z0-9]*(\[x\])?$/.test(element))) {
        throw badRequest('_elements lists top-level element names, e.g. _elements=identifier,name,birthDate');
      }
      return;
    case '_sort':
      query.sort = sortKeys(query, registry, raw);
      return;
    case '_include':
    case '_revinclude': {
      if (modifier !== undefined && modifier !== 'iterate' && modifier !== 'recurse') throw badRequest(`${key}: unknown modifier :${modifier}`);
      const spec = includeSpec(registry, key, raw, modifier !== undefined);
      (name === '_include' ? query.include : query.revinclude).push(spec);
      return;
    }
    default:
      if (!HARMLESS.has(name)) ignore(`${key} is not supported by this server`);
  }
}

function count(raw: string): number {
  if (!/^\d{1,7}$/.test(raw)) throw badRequest(`_count must be a whole number, got "${raw}"`);
  return Math.min(Number(raw), MAX_COUNT);
}

function sortKeys(query: SearchQuery, registry: SearchParameterRegistry, raw: string): SortKey[] {
  return raw.split(',').map((part) => {
    const descending = part.startsWith('-');
    const code = descending ? part.slice(1) : part;
    if (code === '_id' || code === '_lastUpdated') return { param: code, descending };
    const type = query.scopes[0].resourceType;
    const param = registry.get(type ?? ANY_TYPE, code);
    if (!param || param.type === 'special' || param.type === 'composite' || !param.expression) {
      throw badRequest(`_sort: ${code} is not a parameter this search can sort on`);
    }
    return { param, descending };
  });
}

/** A sort key must mean the same in every type searched: a parameter of the same type in each. */
function checkSortAcrossTypes(query: SearchQuery, registry: SearchParameterRegistry): void {
  for (const key of query.sort) {
    if (typeof key.param === 'string') continue;
    for (const scope of query.scopes) {
      const own = registry.get(scope.resourceType ?? ANY_TYPE, key.param.code);
      if (!own || own.type !== key.param.type) {
        throw badRequest(`_sort: ${key.param.code} is not a ${key.param.type} parameter of ${scope.resourceType ?? 'every type'}`);
      }
    }
  }
}

function includeSpec(registry: SearchParameterRegistry, key: string, raw: string, iterate: boolean): IncludeSpec {
  if (raw === '*') return { sourceType: '*', param: '*', iterate };
  const [sourceType, param, targetType, ...extra] = raw.split(':');
  if (extra.length > 0 || !sourceType || !param) throw badRequest(`${key} must be [type]:[parameter] or [type]:[parameter]:[target type], got "${raw}"`);
  if (!r4Definitions().resourceTypes.has(sourceType)) throw badRequest(`${key}: ${sourceType} is not a resource type`);
  if (targetType !== undefined && !r4Definitions().resourceTypes.has(targetType)) throw badRequest(`${key}: ${targetType} is not a resource type`);
  if (param !== '*') {
    const definition = registry.get(sourceType, param);
    if (!definition || definition.type !== 'reference') throw badRequest(`${key}: ${sourceType}.${param} is not a reference parameter`);
    if (targetType && definition.targets.length > 0 && !definition.targets.includes(targetType)) {
      throw badRequest(`${key}: ${sourceType}.${param} never refers to a ${targetType}`);
    }
  }
  return { sourceType, param, targetType, iterate };
}
