// FHIR search: type, system and compartment searches, and Patient/$everything, answered as searchset Bundles.
// Parses the query (fhir/search), runs it (server/store/search), and writes the Bundle around the stored JSON
// text of each resource.
import type { Db, PrismaClient } from '../db/client.ts';
import { badRequest } from '../../fhir/outcome.ts';
import { serializeBundle, type RawEntry } from '../../fhir/bundle/serialize.ts';
import { searchParameters, type SearchParameterRegistry } from '../../fhir/search/parameters/registry.ts';
import { patientCompartmentLinks, patientCompartmentTypes } from '../../fhir/search/parameters/patient-compartment.ts';
import { parseSearch } from '../../fhir/search/query/parse-search.ts';
import type { DateSearchValue, Filter, IncludeSpec, SearchQuery } from '../../fhir/search/query/search-query.ts';
import { dateRange } from '../../fhir/search/values/date-range.ts';
import { projectResource, type Projection } from '../../fhir/search/summary.ts';
import type { AccessFilter } from '../store/search/access-filter.ts';
import { currentAccess } from '../access/request-access.ts';
import { decodeCursor, encodeCursor, queryFingerprint } from '../store/search/cursor.ts';
import { findReferenced, findReferencing, type IncludedRow, type IncludeStep, type ResourceKey } from '../store/search/include-sql.ts';
import { countMatches, estimateMatches, findPage, type MatchRow } from '../store/search/search-sql.ts';
import { analyzeIfNeverAnalyzed } from '../store/search/reindex.ts';
import { logger } from '../logger.ts';

export interface SearchRequest {
  /** The query's parameters, in order (URL and form body merged). */
  params: [string, string][];
  /** Base URL of the FHIR API, for fullUrls and links. */
  base: string;
  /** `Prefer: handling=strict`: refuse unknown parameters instead of ignoring them. */
  strict: boolean;
  /** Restricts every returned resource (facility isolation…); none by default. */
  access?: AccessFilter;
}

/** Resources an _include/_revinclude may add to one page, and how deep :iterate goes. */
const MAX_INCLUDED = 1000;
const MAX_ITERATIONS = 4;
const SINCE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export class SearchService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly registry: SearchParameterRegistry = searchParameters(),
  ) {}

  /** At start: statistics for a freshly loaded database, and the SearchParameter resources stored on this server. */
  async prepare(): Promise<void> {
    await analyzeIfNeverAnalyzed(this.prisma);
    await this.loadCustomParameters();
  }

  /** Takes the SearchParameter resources stored on this server into account. */
  async loadCustomParameters(db: Db = this.prisma): Promise<void> {
    const rows = await db.$queryRaw<{ id: string; content: string }[]>`
      SELECT id, content FROM resource WHERE resource_type = 'SearchParameter' AND NOT deleted`;
    for (const row of rows) {
      const problems = this.registry.putCustom(row.id, JSON.parse(row.content));
      if (problems.length > 0) logger.warn('SearchParameter not usable', { id: row.id, problems });
    }
  }

  /** `GET /[type]?…`, or a system search (`GET /?_type=…`) when `resourceType` is undefined. */
  async searchType(resourceType: string | undefined, request: SearchRequest): Promise<string> {
    const query = parseSearch(request.params, { registry: this.registry, resourceTypes: resourceType ? [resourceType] : undefined, strict: request.strict });
    return this.run(query, request, resourceType ?? '');
  }

  /** `GET /[compartment type]/[id]/[type]?…`: the search, within the compartment (R4 Patient CompartmentDefinition). */
  async searchCompartment(compartmentType: string, id: string, resourceType: string, request: SearchRequest): Promise<string> {
    if (compartmentType !== 'Patient') throw badRequest(`Compartment searches are supported for Patient, not ${compartmentType}`);
    const links = patientCompartmentLinks([resourceType], this.registry);
    if (links.length === 0 && resourceType !== 'Patient') throw badRequest(`A ${resourceType} is never in a Patient's compartment`);
    const query = parseSearch(request.params, { registry: this.registry, resourceTypes: [resourceType], strict: request.strict });
    query.scopes[0].filters.push({ kind: 'compartment', compartmentType, id, links });
    return this.run(query, request, `${compartmentType}/${id}/${resourceType}`);
  }

  /** `GET /Patient/[id]/$everything`: the patient and every resource in their compartment, paged. */
  async everything(patientId: string, request: SearchRequest): Promise<string> {
    const allowed = new Set(['_count', '_cursor', '_since', '_type', '_format', '_pretty']);
    const query: SearchQuery = { scopes: [], sort: [], count: 0, include: [], revinclude: [], ignored: [] };
    let types = patientCompartmentTypes(this.registry);
    const filters: Filter[] = [];
    for (const [key, value] of request.params) {
      if (!allowed.has(key)) {
        if (request.strict) throw badRequest(`$everything does not take ${key} (Prefer: handling=strict)`);
        query.ignored.push(`${key} is not a parameter of $everything`);
        continue;
      }
      if (key === '_type') {
        const wanted = value.split(',').map((type) => type.trim());
        const outside = wanted.filter((type) => !types.includes(type));
        if (outside.length > 0) throw badRequest(`_type: ${outside.join(', ')} cannot be in a patient's compartment`);
        types = types.filter((type) => wanted.includes(type));
      } else if (key === '_since') {
        filters.push({ kind: 'lastUpdated', values: [since(value)] });
      }
    }
    const paging = request.params.filter(([key]) => key === '_count' || key === '_cursor');
    ({ count: query.count, cursor: query.cursor } = parseSearch(paging, { registry: this.registry, resourceTypes: ['Patient'], strict: true }));
    filters.push({ kind: 'compartment', compartmentType: 'Patient', id: patientId, links: patientCompartmentLinks(types, this.registry) });
    query.scopes.push({ anyOf: types, filters });
    return this.run(query, request, `Patient/${patientId}/$everything`);
  }

  private async run(query: SearchQuery, request: SearchRequest, path: string): Promise<string> {
    const db = this.prisma;
    const { access, base } = request;
    const fingerprint = queryFingerprint(request.params);
    const envelope: Record<string, unknown> = { resourceType: 'Bundle', type: 'searchset' };
    if (query.summary === 'count' || query.count === 0) {
      envelope.total = await countMatches(db, query, access);
      envelope.link = [{ relation: 'self', url: link(base, path, request.params) }];
      return serializeBundle(envelope, this.outcomeEntries(query.ignored));
    }
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, fingerprint, query.sort.length);
    const fetched = await findPage(db, query, query.count + 1, cursor, access);
    const backwards = cursor?.direction === 'previous';
    const more = fetched.length > query.count;
    const page = more ? (backwards ? fetched.slice(1) : fetched.slice(0, query.count)) : fetched;

    if (query.total === 'accurate') envelope.total = await countMatches(db, query, access);
    else if (query.total === 'estimate') envelope.total = await estimateMatches(db, query, access);
    else if (query.total === undefined && !cursor && !more) envelope.total = page.length;

    const links = [{ relation: 'self', url: link(base, path, request.params) }];
    const cursorLink = (relation: string, row: MatchRow, direction: 'next' | 'previous'): void => {
      const token = encodeCursor({ direction, keys: row.keys, id: row.id, type: row.resourceType }, fingerprint);
      links.push({ relation, url: link(base, path, request.params, token) });
    };
    if (page.length > 0) {
      if (backwards || more) cursorLink('next', page[page.length - 1], 'next');
      if (cursor && (!backwards || more)) cursorLink('previous', page[0], 'previous');
    }
    envelope.link = links;

    const projection = projectionOf(query);
    const present = (content: string): string => (projection ? projectResource(content, projection) : content);
    const entries: RawEntry[] = page.map((row) => entry(base, row, present(row.content), 'match'));
    const warnings = [...query.ignored];
    const included = await this.includes(db, page, query, access);
    // The audit trail names the patients whose records the page showed ("who looked at this patient?").
    await currentAccess().discloseFound(db, [...page, ...included.rows]);
    if (included.truncated) warnings.push(`_include/_revinclude stopped at ${MAX_INCLUDED} resources for this page`);
    for (const row of included.rows) entries.push(entry(base, row, present(row.content), 'include'));
    entries.push(...this.outcomeEntries(warnings));
    return serializeBundle(envelope, entries);
  }

  /** _include and _revinclude, with :iterate applied to what each round added, without repeats. */
  private async includes(db: Db, page: ResourceKey[], query: SearchQuery, access?: AccessFilter): Promise<{ rows: IncludedRow[]; truncated: boolean }> {
    if (query.include.length === 0 && query.revinclude.length === 0) return { rows: [], truncated: false };
    const seen = new Set(page.map(keyOf));
    const out: IncludedRow[] = [];
    let truncated = false;
    let sources: ResourceKey[] = page;
    for (let round = 0; round <= MAX_ITERATIONS && sources.length > 0; round++) {
      const added: IncludedRow[] = [];
      const add = (rows: IncludedRow[]): void => {
        for (const row of rows) {
          if (seen.has(keyOf(row))) continue;
          if (out.length + added.length >= MAX_INCLUDED) {
            truncated = true;
            return;
          }
          seen.add(keyOf(row));
          added.push(row);
        }
      };
      const applies = (spec: IncludeSpec): boolean => round === 0 || spec.iterate;
      for (const spec of query.include.filter(applies)) {
        for (const step of this.steps(spec, sources, 'include')) add(await findReferenced(db, sources, step, MAX_INCLUDED + 1, access));
      }
      for (const spec of query.revinclude.filter(applies)) {
        for (const step of this.steps(spec, sources, 'revinclude')) add(await findReferencing(db, sources, step, MAX_INCLUDED + 1, access));
      }
      out.push(...added);
      sources = added;
    }
    return { rows: out, truncated };
  }

  /** The concrete (source type, parameters) steps of an include spec: `*` stands for every type or parameter. */
  private steps(spec: IncludeSpec, sources: ResourceKey[], kind: 'include' | 'revinclude'): IncludeStep[] {
    const types = spec.sourceType !== '*' ? [spec.sourceType] : kind === 'include' ? [...new Set(sources.map((s) => s.resourceType))] : [];
    return types.map((sourceType) => ({
      sourceType,
      targetType: spec.targetType,
      params: spec.param === '*'
        ? this.registry.forType(sourceType).filter((param) => param.type === 'reference' && param.expression).map((param) => param.code)
        : [spec.param],
    }));
  }

  private outcomeEntries(warnings: string[]): RawEntry[] {
    if (warnings.length === 0) return [];
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: warnings.map((diagnostics) => ({ severity: 'warning', code: 'not-supported', diagnostics: `Ignored: ${diagnostics}` })),
    };
    return [{ resource: JSON.stringify(outcome), search: { mode: 'outcome' } }];
  }
}

function entry(base: string, row: { resourceType: string; id: string }, content: string, mode: 'match' | 'include'): RawEntry {
  return { fullUrl: `${base}/${row.resourceType}/${row.id}`, resource: content, search: { mode } };
}

function keyOf(key: ResourceKey): string {
  return `${key.resourceType}/${key.id}`;
}

function link(base: string, path: string, params: [string, string][], cursor?: string): string {
  const search = new URLSearchParams(params.filter(([key]) => cursor === undefined || key !== '_cursor'));
  if (cursor !== undefined) search.append('_cursor', cursor);
  const text = search.toString();
  return `${base}${path ? `/${path}` : ''}${text ? `?${text}` : ''}`;
}

function projectionOf(query: SearchQuery): Projection | undefined {
  if (query.elements) return { elements: query.elements };
  if (query.summary && query.summary !== 'false') return { summary: query.summary as 'true' | 'text' | 'data' };
  return undefined;
}

function since(value: string): DateSearchValue {
  const range = SINCE.test(value) ? dateRange(value) : undefined;
  if (!range) throw badRequest(`_since must be an instant with a time zone, e.g. 2026-01-31T08:00:00+07:00; got "${value}"`);
  return { kind: 'date', prefix: 'ge', ...range };
}
