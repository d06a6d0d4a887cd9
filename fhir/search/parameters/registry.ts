// The search parameters in force: R4's, Sen's, and custom SearchParameter resources stored on the server (which
// override a built-in one with the same code). Each is compiled once per resource type, on first use.
import { compileExpression, lazyExpression } from '../fhirpath/compile.ts';
import { r4Definitions } from '../../validation/definitions.ts';
import { r4SearchParameters } from './r4-parameters.ts';
import { senSearchParameters } from './sen-parameters.ts';
import type { CompositeComponent, IndexedParamType, SearchParam, SearchParameterSource, SearchParamType } from './search-parameter.ts';

const PARAM_TYPES = new Set<SearchParamType>(['string', 'token', 'date', 'number', 'quantity', 'reference', 'uri', 'composite', 'special']);
const CODE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// Parameters defined on these apply to every resource type.
const EVERY_TYPE = ['Resource', 'DomainResource'];
/** Stands for "any resource type" (a system search without _type): only the Resource-level parameters apply. */
export const ANY_TYPE = '*';

export class SearchParameterRegistry {
  private readonly builtIn: { source: SearchParameterSource; origin: SearchParam['origin'] }[];
  private readonly byUrl = new Map<string, SearchParameterSource>();
  /** Custom parameters by the id of the SearchParameter resource that defines them. */
  private readonly custom = new Map<string, SearchParameterSource>();
  private readonly resolved = new Map<string, Map<string, SearchParam>>();
  private readonly lists = new Map<string, SearchParam[]>();

  constructor() {
    this.builtIn = [
      ...r4SearchParameters().map((source) => ({ source, origin: 'r4' as const })),
      ...senSearchParameters().map((source) => ({ source, origin: 'sen' as const })),
    ];
    for (const { source } of this.builtIn) this.byUrl.set(source.url, source);
  }

  /** The parameter `code` of `resourceType`, or undefined when there is none. */
  get(resourceType: string, code: string): SearchParam | undefined {
    return this.forTypeMap(resourceType).get(code);
  }

  /** Every parameter of a type, in a stable order. */
  forType(resourceType: string): readonly SearchParam[] {
    let list = this.lists.get(resourceType);
    if (!list) {
      list = [...this.forTypeMap(resourceType).values()];
      this.lists.set(resourceType, list);
    }
    return list;
  }

  /**
   * Takes a stored SearchParameter resource into account (replacing the one with the same id). Returns the
   * problems that keep it from being used; it is then ignored, as if it had been deleted.
   */
  putCustom(id: string, resource: unknown): string[] {
    const previous = this.custom.get(id);
    this.custom.delete(id);
    const { source, problems } = toSource(resource);
    if (source && problems.length === 0) {
      for (const component of source.component ?? []) {
        if (!this.byUrl.has(component.definition) && ![...this.custom.values()].some((c) => c.url === component.definition)) {
          problems.push(`component definition ${component.definition} is not a known SearchParameter`);
        }
      }
    }
    if (source && problems.length === 0) {
      try {
        for (const base of source.base) if (source.expression) compileExpression(source.expression, base);
      } catch (error) {
        problems.push(`expression does not parse: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (source && problems.length === 0) this.custom.set(id, source);
    this.forget([...(previous?.base ?? []), ...(problems.length === 0 && source ? source.base : [])]);
    return problems;
  }

  removeCustom(id: string): void {
    const previous = this.custom.get(id);
    if (!previous) return;
    this.custom.delete(id);
    this.forget(previous.base);
  }

  /** Drops the compiled parameters of the types a changed definition applies to (all, for Resource-level ones). */
  private forget(bases: string[]): void {
    if (bases.some((base) => EVERY_TYPE.includes(base))) {
      this.resolved.clear();
      this.lists.clear();
      return;
    }
    for (const base of bases) {
      this.resolved.delete(base);
      this.lists.delete(base);
    }
  }

  private forTypeMap(resourceType: string): Map<string, SearchParam> {
    let map = this.resolved.get(resourceType);
    if (!map) {
      map = this.resolve(resourceType);
      this.resolved.set(resourceType, map);
    }
    return map;
  }

  private resolve(resourceType: string): Map<string, SearchParam> {
    const map = new Map<string, SearchParam>();
    const anyType = resourceType === ANY_TYPE;
    if (!anyType && !r4Definitions().resourceTypes.has(resourceType)) return map;
    const applies = (source: SearchParameterSource): boolean =>
      (!anyType && source.base.includes(resourceType)) || source.base.some((base) => EVERY_TYPE.includes(base));
    for (const { source, origin } of this.builtIn) if (applies(source)) map.set(source.code, this.toParam(source, resourceType, origin));
    for (const source of this.custom.values()) if (applies(source)) map.set(source.code, this.toParam(source, resourceType, 'custom'));
    return map;
  }

  private toParam(source: SearchParameterSource, resourceType: string, origin: SearchParam['origin']): SearchParam {
    const param: SearchParam = { code: source.code, url: source.url, type: source.type, targets: source.target ?? [], origin };
    if (source.expression && source.type !== 'special') {
      param.expression = lazyExpression(source.expression, resourceType === ANY_TYPE ? undefined : resourceType);
    }
    if (source.type === 'composite') {
      const components: CompositeComponent[] = [];
      for (const component of source.component ?? []) {
        const definition = this.byUrl.get(component.definition) ?? [...this.custom.values()].find((c) => c.url === component.definition);
        if (!definition || !isIndexedType(definition.type)) return { ...param, type: 'special' };
        components.push({ type: definition.type, expression: lazyExpression(component.expression) });
      }
      param.components = components;
    }
    return param;
  }
}

function isIndexedType(type: SearchParamType): type is IndexedParamType {
  return type !== 'composite' && type !== 'special';
}

function toSource(resource: unknown): { source?: SearchParameterSource; problems: string[] } {
  const problems: string[] = [];
  const r = (typeof resource === 'object' && resource !== null ? resource : {}) as Record<string, unknown>;
  const code = r.code;
  const type = r.type as SearchParamType;
  const base = Array.isArray(r.base) ? r.base.filter((b): b is string => typeof b === 'string') : [];
  if (typeof code !== 'string' || !CODE.test(code)) problems.push('code must be a name such as "ethnicity"');
  if (!PARAM_TYPES.has(type)) problems.push(`type "${String(r.type)}" is not a search parameter type`);
  if (base.length === 0 || base.some((b) => !r4Definitions().resourceTypes.has(b) && !EVERY_TYPE.includes(b))) {
    problems.push('base must list R4 resource types');
  }
  if (typeof r.expression !== 'string' && type !== 'special') problems.push('expression is required');
  if (r.status === 'retired') problems.push('the parameter is retired');
  const component = Array.isArray(r.component)
    ? r.component.flatMap((c: { definition?: unknown; expression?: unknown }) =>
      typeof c?.definition === 'string' && typeof c.expression === 'string' ? [{ definition: c.definition, expression: c.expression }] : [])
    : undefined;
  if (type === 'composite' && !component?.length) problems.push('a composite parameter needs components');
  if (problems.length > 0) return { problems };
  return {
    problems,
    source: {
      url: typeof r.url === 'string' ? r.url : `urn:sen:search-parameter:${String(code)}`,
      code: code as string,
      type,
      base,
      expression: r.expression as string | undefined,
      target: Array.isArray(r.target) ? r.target.filter((t): t is string => typeof t === 'string') : undefined,
      component,
    },
  };
}

let shared: SearchParameterRegistry | undefined;

/** The registry of this process: indexing on write and searching use the same one. */
export function searchParameters(): SearchParameterRegistry {
  shared ??= new SearchParameterRegistry();
  return shared;
}
