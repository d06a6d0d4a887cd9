// The main search query: live resources matching the filters (types ORed, filters ANDed), the caller's access
// filter, one page in keyset order — sort keys, then id and type — so that a page never shifts when other
// clients write. Also the total (counted, or the planner's estimate) and the ids a conditional write matches.
import { Prisma } from '../../db/generated/client.ts';
import type { Db } from '../../db/client.ts';
import type { Filter, SearchQuery, TypeFilters } from '../../../fhir/search/query/search-query.ts';
import { badRequest } from '../../../fhir/outcome.ts';
import type { AccessFilter } from './access-filter.ts';
import type { Cursor } from './cursor.ts';
import { filterCondition, filterRows, prefixRows, sameRowRows, typeIs, type FilterRows, type TypeMatch } from './filter-sql.ts';
import { singleValued } from '../../../fhir/search/parameters/single-valued.ts';
import { hasNamePrefixes } from '../../../fhir/search/parameters/name-prefixes.ts';
import { sortExpression, type SortExpression } from './sort-sql.ts';
import { Aliases, and, col, or, rowOwner } from './sql-context.ts';

export interface MatchRow {
  resourceType: string;
  id: string;
  content: string;
  /** The row's sort key values as text, for the next cursor. */
  keys: (string | null)[];
}

interface RawMatch {
  resource_type: string;
  id: string;
  content: string;
  [key: `k${number}`]: string | null;
}

/** The filters of every scope, ORed, as a condition on the resource row `r`. */
function matchCondition(query: SearchQuery, access: AccessFilter | undefined): Prisma.Sql {
  const aliases = new Aliases();
  const scopes = query.scopes.map((scope) => scopeCondition(scope, aliases));
  const conditions = [Prisma.sql`NOT r.deleted`, or(scopes)];
  if (access) conditions.push(access.condition('r'));
  return and(conditions);
}

function scopeCondition(scope: TypeFilters, aliases: Aliases): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (scope.resourceType) conditions.push(Prisma.sql`r.resource_type = ${scope.resourceType}`);
  else if (scope.anyOf) conditions.push(Prisma.sql`r.resource_type = ANY(${scope.anyOf}::text[])`);
  for (const filter of scope.filters) conditions.push(filterCondition(filter, rowOwner('r'), aliases));
  return and(conditions);
}

function singleType(query: SearchQuery): string | undefined {
  return query.scopes.length === 1 ? query.scopes[0].resourceType : undefined;
}

/** One page: `limit` rows after (or before) the cursor. */
export async function findPage(db: Db, query: SearchQuery, limit: number, cursor?: Cursor, access?: AccessFilter): Promise<MatchRow[]> {
  const previous = cursor?.direction === 'previous';
  const driven = query.sort.length === 0 ? await drivenPage(db, query, limit, cursor, access) : undefined;
  if (driven) return previous ? driven.reverse() : driven;
  const where = matchCondition(query, access);
  const sorts = query.sort.map((key) => sortExpression(key, 'r'));
  const type = singleType(query);
  let rows: RawMatch[];
  if (sorts.length === 0) {
    // Keyset on the primary key alone: for one type, an index scan in id order that stops at the page's end.
    const after = cursor ? tailAfter(Prisma.sql`r.id`, Prisma.sql`r.resource_type`, cursor, previous, type !== undefined) : Prisma.sql`TRUE`;
    const direction = Prisma.raw(previous ? 'DESC' : 'ASC');
    rows = await db.$queryRaw<RawMatch[]>`
      SELECT r.resource_type, r.id, r.content FROM resource r WHERE ${where} AND ${after}
      ORDER BY r.id ${direction}, r.resource_type ${direction} LIMIT ${limit}`;
  } else {
    if (cursor) checkCursorKeys(sorts, cursor);
    const keys = sorts.map((sort, i) => Prisma.sql`${sort.sql} AS ${Prisma.raw(`k${i}`)}`);
    const after = cursor ? keysetAfter(sorts, cursor, previous) : Prisma.sql`TRUE`;
    const order = sorts.map((sort, i) => {
      const descending = sort.descending !== previous;
      return Prisma.raw(`m.k${i} ${descending ? 'DESC' : 'ASC'} NULLS ${previous ? 'FIRST' : 'LAST'}`);
    });
    const tail = Prisma.raw(previous ? 'm.id DESC, m.resource_type DESC' : 'm.id ASC, m.resource_type ASC');
    const texts = sorts.map((_, i) => Prisma.raw(`m.k${i}::text AS k${i}`));
    // Sorted narrow (type, id, keys); the page's content is read after the limit.
    rows = await db.$queryRaw<RawMatch[]>`
      SELECT m.resource_type, m.id, c.content, ${Prisma.join(texts)} FROM (
        SELECT m.* FROM (SELECT r.resource_type, r.id, ${Prisma.join(keys)} FROM resource r WHERE ${where}) m
        WHERE ${after} ORDER BY ${Prisma.join([...order, tail])} LIMIT ${limit}) m
      JOIN resource c ON c.resource_type = m.resource_type AND c.id = m.id
      ORDER BY ${Prisma.join([...order, tail])}`;
  }
  const matches = rows.map((row) => ({
    resourceType: row.resource_type,
    id: row.id,
    content: row.content,
    keys: sorts.map((_, i) => row[`k${i}`] ?? null),
  }));
  return previous ? matches.reverse() : matches;
}

/**
 * A page in id order, led by one "driving" filter — of several, the one the planner expects the fewest index rows
 * for. Left to itself, PostgreSQL misjudges how many resources of a type a filter selects (it sees type and id as
 * independent) and reads every candidate's resource row before sorting: ruinous for `name=nguyen`. Instead:
 * - a selective driver gives its candidate ids, sorted from the index alone, and they are visited in order, each
 *   checked against its resource row, the other filters and the access filter until the page is full;
 * - an unselective driver is cheaper the other way round: the type's resources are walked in id order and each
 *   is probed for the driver, stopping when the page is full. A walk costs about limit / selectivity probes, the
 *   candidates about selectivity × type size: the walk wins above a selectivity of √(2 · limit / type size).
 * Undefined when no filter can drive (then the plain query runs).
 */
async function drivenPage(db: Db, query: SearchQuery, limit: number, cursor: Cursor | undefined, access?: AccessFilter): Promise<MatchRow[] | undefined> {
  if (query.scopes.length !== 1) return undefined;
  const scope = query.scopes[0];
  const types = scope.resourceType ? [scope.resourceType] : scope.anyOf;
  if (!types) return undefined;
  const typeMatch: TypeMatch = types.length === 1 ? typeIs(Prisma.sql`${types[0]}`) : (column) => Prisma.sql`${column} = ANY(${types}::text[])`;
  const groups = types.length === 1 ? filterGroups(scope.filters, types[0]) : [];
  const driver = await pickDriver(db, scope.filters, typeMatch, groups);
  if (!driver) return undefined;
  const aliases = new Aliases();
  // A group drives as a candidate set only; every filter is still checked on each candidate.
  const group = driver.index < 0 ? groups[-driver.index - 1] : undefined;
  const rows = group ? group.rows(typeMatch, aliases) : filterRows(scope.filters[driver.index], typeMatch, aliases)!;
  const previous = cursor?.direction === 'previous';
  const direction = Prisma.raw(previous ? 'DESC' : 'ASC');
  const oneType = types.length === 1;
  // With one type, the other filters name it as a constant: the planner then knows how many rows each parameter
  // has in that type, and probes a candidate's own rows instead of scanning the parameter's.
  const owner = oneType ? { ...rowOwner('r'), type: Prisma.sql`${types[0]}` } : rowOwner('r');
  const others = scope.filters.filter((_, i) => i !== driver.index).map((filter) => filterCondition(filter, owner, aliases));
  const conditions = and([Prisma.sql`NOT r.deleted`, ...others, ...(access ? [access.condition('r')] : [])]);
  let found: RawMatch[];
  // The walk's length is set by how many resources match all the filters, not the driver alone: estimated from
  // every positive filter's rows as if independent (`name=nguyen&name=van&name=an` matches few patients although
  // each word alone matches many, and a walk would then visit them all).
  const matches = Math.max(1, driver.typeRows * driver.selectivity);
  if (driver.rows / 2 > (limit * driver.typeRows) / matches) {
    // LIMIT 1 keeps the driver a per-resource probe (it cannot be flattened into a join).
    const after = cursor ? tailAfter(Prisma.sql`r.id`, Prisma.sql`r.resource_type`, cursor, previous, oneType) : Prisma.sql`TRUE`;
    found = await db.$queryRaw<RawMatch[]>`
      SELECT r.resource_type, r.id, r.content FROM resource r,
      LATERAL (SELECT 1 FROM ${rows.from} WHERE ${rows.where} AND ${rows.id} = r.id AND ${rows.type} = r.resource_type LIMIT 1) d
      WHERE ${typeMatch(Prisma.sql`r.resource_type`)} AND ${after} AND ${conditions}
      ORDER BY r.id ${direction}, r.resource_type ${direction} LIMIT ${limit}`;
  } else {
    // OFFSET 0 keeps the lateral subquery a per-candidate probe, so the visit stops when the page is full.
    // With one type, the other positive filters are semi-joins of the candidate set (`id IN (their rows)`, the
    // same as their EXISTS): the planner may then intersect index-only id lists (`name=nguyen&name=van&name=an`)
    // instead of reading every candidate's resource row and probing its index rows one by one.
    const after = cursor ? tailAfter(rows.id, rows.type, cursor, previous, oneType) : Prisma.sql`TRUE`;
    const semi: Prisma.Sql[] = [];
    const checks: Prisma.Sql[] = [];
    // Only for a large candidate set: a few candidates are cheaper probed, whatever the planner thinks of the
    // other filters' sizes (on a fresh database it can take half the patients for 2 rows and sort them all).
    const intersect = oneType && driver.rows > 4 * limit;
    scope.filters.forEach((filter, i) => {
      if (i === driver.index) return;
      // The driving group's own filters are true of nearly every candidate: checked, not intersected.
      const other = intersect && !group?.filters.includes(filter as ParamFilter) ? filterRows(filter, typeMatch, aliases) : undefined;
      if (other) semi.push(Prisma.sql`${rows.id} IN (SELECT ${other.id} FROM ${other.from} WHERE ${other.where})`);
      else checks.push(filterCondition(filter, owner, aliases));
    });
    const rest = and([Prisma.sql`NOT r.deleted`, ...checks, ...(access ? [access.condition('r')] : [])]);
    found = await db.$queryRaw<RawMatch[]>`
      SELECT r.resource_type, r.id, r.content
      FROM (SELECT DISTINCT ${rows.id} AS id, ${rows.type} AS type FROM ${rows.from} WHERE ${rows.where} AND ${after} AND ${and(semi)}
            ORDER BY 1 ${direction}, 2 ${direction}) c,
      LATERAL (SELECT r.resource_type, r.id, r.content FROM resource r
               WHERE r.resource_type = c.type AND r.id = c.id AND ${rest} OFFSET 0) r
      ORDER BY c.id ${direction}, c.type ${direction} LIMIT ${limit}`;
  }
  return found.map((row) => ({ resourceType: row.resource_type, id: row.id, content: row.content, keys: [] }));
}

/**
 * The positive filter or filter group with the fewest estimated index rows, that estimate, and the number of resources of the
 * types searched: all from one EXPLAIN of a UNION ALL whose branches are estimated in order (no execution).
 */
async function pickDriver(db: Db, filters: Filter[], typeMatch: TypeMatch, groups: FilterGroup[] = []): Promise<{ index: number; rows: number; typeRows: number; selectivity: number } | undefined> {
  const branch = (rows: FilterRows): Prisma.Sql => Prisma.sql`SELECT 1 FROM ${rows.from} WHERE ${rows.where}`;
  // Groups are numbered -1, -2, … and come first: a group is the intersection of its filters, so on a tie it wins.
  const positive = groups.map((group, i) => ({ index: -i - 1, sql: branch(group.rows(typeMatch, new Aliases())) }));
  filters.forEach((filter, index) => {
    const rows = filterRows(filter, typeMatch, new Aliases());
    if (rows) positive.push({ index, sql: branch(rows) });
  });
  if (positive.length === 0) return undefined;
  const branches = [Prisma.sql`SELECT 1 FROM resource r WHERE ${typeMatch(Prisma.sql`r.resource_type`)}`, ...positive.map((p) => p.sql)];
  const estimates = await planBranchRows(db, branches);
  const typeRows = Math.max(1, estimates[0]);
  let best = { index: positive[0].index, rows: estimates[1], typeRows: estimates[0], selectivity: 1 };
  positive.forEach((p, i) => {
    if (estimates[i + 1] < best.rows) best = { ...best, index: p.index, rows: estimates[i + 1] };
  });
  // How many resources match them all, as if independent: a group stands for its filters, which are not
  // (`birthdate=ge1980-03&birthdate=lt1980-04` each match half the patients, together a month's births).
  const grouped = new Set<Filter>(groups.flatMap((group) => group.filters));
  best.selectivity = positive.reduce((product, p, i) => (p.index >= 0 && grouped.has(filters[p.index]) ? product : product * Math.min(1, estimates[i + 1] / typeRows)), 1);
  return best;
}

type ParamFilter = Extract<Filter, { kind: 'param' }>;

/** Filters of one parameter whose rows, together, are a narrow candidate set of resources matching them all. */
interface FilterGroup {
  filters: ParamFilter[];
  rows: (typeMatch: TypeMatch, aliases: Aliases) => FilterRows;
}

/** Groups of two or more filters of one parameter on resources of `type`: same-row date groups and name words. */
function filterGroups(filters: Filter[], type: string): FilterGroup[] {
  const plain = filters.filter((filter): filter is ParamFilter => filter.kind === 'param' && filter.modifier === undefined);
  const groups: FilterGroup[] = [];
  for (const members of groupBy(plain, (filter) => filter.param.code).values()) {
    if (members.length < 2) continue;
    const param = members[0].param;
    const one = singleValued(param, type);
    if (one) groups.push({ filters: members, rows: (typeMatch, aliases) => sameRowRows(members, typeMatch, aliases, one === 'point') });
    else if (hasNamePrefixes(type, param) && members.every(hasWords)) groups.push({ filters: members, rows: (typeMatch, aliases) => prefixRows(members, typeMatch, aliases) });
  }
  return groups;
}

const hasWords = (filter: ParamFilter): boolean => filter.values.every((value) => value.kind === 'string' && value.folded !== '');

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The planner's row estimate for each branch of a UNION ALL, in order. */
async function planBranchRows(db: Db, branches: Prisma.Sql[]): Promise<number[]> {
  const plan = await explain(db, Prisma.join(branches.map((branch) => Prisma.sql`(${branch})`), ' UNION ALL '));
  const children = branches.length === 1 ? [plan] : (plan.Plans ?? []);
  return children.map((child) => Math.round(child['Plan Rows']));
}

interface PlanNode {
  'Plan Rows': number;
  Plans?: PlanNode[];
}

async function explain(db: Db, sql: Prisma.Sql): Promise<PlanNode> {
  const rows = await db.$queryRaw<{ 'QUERY PLAN': unknown }[]>`EXPLAIN (FORMAT JSON) ${sql}`;
  let plan = rows[0]['QUERY PLAN'];
  if (typeof plan === 'string') plan = JSON.parse(plan);
  return (plan as { Plan: PlanNode }[])[0].Plan;
}

/** A cursor's key values must read as their sort key's type: a forged one is a 400, not a failed cast. */
function checkCursorKeys(sorts: SortExpression[], cursor: Cursor): void {
  sorts.forEach((sort, i) => {
    const value = cursor.keys[i];
    if (value === null || sort.type === 'text') return;
    const valid = sort.type === 'numeric'
      ? /^-?\d+(\.\d+)?$/.test(value)
      : /^(-?infinity|\d{4,}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d(:\d\d)?( BC)?)$/.test(value);
    if (!valid) throw badRequest('The paging cursor is not valid for this search; follow the links as given');
  });
}

/** `(id, type)` past the cursor's, in the walk's direction. */
function tailAfter(id: Prisma.Sql, type: Prisma.Sql, cursor: Cursor, previous: boolean, oneType: boolean): Prisma.Sql {
  const op = Prisma.raw(previous ? '<' : '>');
  if (oneType) return Prisma.sql`${id} ${op} ${cursor.id}`;
  return Prisma.sql`(${id} ${op} ${cursor.id} OR (${id} = ${cursor.id} AND ${type} ${op} ${cursor.type}))`;
}

/**
 * Rows strictly after the cursor in the order (k0, k1, …, id, type), each key in its direction with missing
 * values last (first when walking backwards): the first key that differs decides.
 */
function keysetAfter(sorts: SortExpression[], cursor: Cursor, previous: boolean): Prisma.Sql {
  const alternatives: Prisma.Sql[] = [];
  const equalSoFar: Prisma.Sql[] = [];
  sorts.forEach((sort, i) => {
    const key = Prisma.raw(`m.k${i}`);
    const value = cursor.keys[i];
    const descending = sort.descending !== previous;
    const nullsLast = !previous;
    let after: Prisma.Sql;
    let equal: Prisma.Sql;
    if (value === null) {
      after = nullsLast ? Prisma.sql`FALSE` : Prisma.sql`${key} IS NOT NULL`;
      equal = Prisma.sql`${key} IS NULL`;
    } else {
      const typed = Prisma.sql`${value}::${Prisma.raw(sort.type)}`;
      const beyond = descending ? Prisma.sql`${key} < ${typed}` : Prisma.sql`${key} > ${typed}`;
      after = nullsLast ? Prisma.sql`(${beyond} OR ${key} IS NULL)` : beyond;
      equal = Prisma.sql`${key} = ${typed}`;
    }
    alternatives.push(and([...equalSoFar, after]));
    equalSoFar.push(equal);
  });
  alternatives.push(and([...equalSoFar, tailAfter(col('m', 'id'), col('m', 'resource_type'), cursor, previous, false)]));
  return or(alternatives);
}

export async function countMatches(db: Db, query: SearchQuery, access?: AccessFilter): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM resource r WHERE ${matchCondition(query, access)}`;
  return rows[0].n;
}

/** The planner's estimate of the number of matches: no scan, so cheap on any size of result. */
export async function estimateMatches(db: Db, query: SearchQuery, access?: AccessFilter): Promise<number> {
  const [rows] = await planBranchRows(db, [Prisma.sql`SELECT 1 FROM resource r WHERE ${matchCondition(query, access)}`]);
  return rows;
}

/** Ids of resources matching the filters (conditional create/update/delete), at most `limit`. */
export async function findMatchingIds(db: Db, query: SearchQuery, limit: number, access?: AccessFilter): Promise<string[]> {
  const rows = await findPage(db, { ...query, sort: [] }, limit, undefined, access);
  return rows.map((row) => row.id);
}
