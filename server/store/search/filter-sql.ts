// Turns parsed filters into SQL conditions about an owner (the returned resource row, or a chain's target).
// Every value is a bound parameter; identifiers in the SQL are the engine's own (table names, fresh aliases).
import { Prisma } from '../../db/generated/client.ts';
import type { DateSearchValue, Filter, Modifier, SearchValue } from '../../../fhir/search/query/search-query.ts';
import type { IndexedParamType, SearchParam } from '../../../fhir/search/parameters/search-parameter.ts';
import { prefixKey } from '../../../fhir/search/parameters/name-prefixes.ts';
import { TABLE_OF_TYPE } from './index-rows.ts';
import { Aliases, and, col, or, type Owner } from './sql-context.ts';
import { stringPredicate } from './predicates/string-predicate.ts';
import { tokenPredicate } from './predicates/token-predicate.ts';
import { datePredicate } from './predicates/date-predicate.ts';
import { numberPredicate } from './predicates/number-predicate.ts';
import { quantityPredicate } from './predicates/quantity-predicate.ts';
import { referencePredicate } from './predicates/reference-predicate.ts';
import { uriPredicate } from './predicates/uri-predicate.ts';

/**
 * Where the rows that make a positive filter true are: a FROM clause, a condition, and the column holding the id
 * of the resource they belong to, for an owner of type `ownerType`. A filter is then either `EXISTS` of these rows
 * for one owner, or the set of candidate ids a page is built from (search-sql).
 */
export interface FilterRows {
  from: Prisma.Sql;
  where: Prisma.Sql;
  /** The columns with the owner's type and id. */
  type: Prisma.Sql;
  id: Prisma.Sql;
}

/** The condition that a row's owner-type column names a type wanted: one type, or any of several. */
export type TypeMatch = (column: Prisma.Sql) => Prisma.Sql;

export const typeIs = (type: Prisma.Sql): TypeMatch => (column) => Prisma.sql`${column} = ${type}`;

export function filterCondition(filter: Filter, owner: Owner, aliases: Aliases): Prisma.Sql {
  switch (filter.kind) {
    case 'id':
      return Prisma.sql`${owner.id} = ANY(${filter.ids}::text[])`;
    case 'lastUpdated':
      return lastUpdatedCondition(filter.values, owner, aliases);
    case 'missing':
      if (filter.missing) return Prisma.sql`NOT ${exists(filterRows({ ...filter, missing: false }, typeIs(owner.type), aliases)!, owner)}`;
      break;
    case 'param':
      // :not — no value of the parameter matches (resources without it included), per R4.
      if (filter.modifier === 'not') return Prisma.sql`NOT ${exists(filterRows({ ...filter, modifier: undefined }, typeIs(owner.type), aliases)!, owner)}`;
      break;
  }
  return exists(filterRows(filter, typeIs(owner.type), aliases)!, owner);
}

function exists(rows: FilterRows, owner: Owner): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM ${rows.from} WHERE ${rows.where} AND ${rows.id} = ${owner.id})`;
}

/** The rows of a positive filter (undefined for `_id`, `_lastUpdated`, `:not` and `:missing=true`). */
export function filterRows(filter: Filter, ownerType: TypeMatch, aliases: Aliases): FilterRows | undefined {
  switch (filter.kind) {
    case 'param':
      if (filter.modifier === 'not') return undefined;
      if (filter.param.type === 'composite') return compositeRows(filter.param, filter.values, ownerType, aliases);
      return paramRows(filter.param, filter.modifier, filter.values, ownerType, aliases);
    case 'missing':
      return filter.missing ? undefined : presentRows(filter.param, ownerType, aliases);
    case 'chain':
      return chainRows(filter, ownerType, aliases);
    case 'has':
      return hasRows(filter, ownerType, aliases);
    case 'compartment':
      return compartmentRows(filter, ownerType, aliases);
    default:
      return undefined;
  }
}

function paramRows(param: SearchParam, modifier: Modifier | undefined, values: SearchValue[], ownerType: TypeMatch, aliases: Aliases): FilterRows {
  const type = param.type as IndexedParamType;
  const alias = aliases.fresh('x');
  const matches = or(values.map((value) => valuePredicate(type, alias, value, modifier)));
  return {
    from: Prisma.raw(`${TABLE_OF_TYPE[type]} ${alias}`),
    where: Prisma.sql`${ownerType(col(alias, 'resource_type'))} AND ${col(alias, 'param')} = ${param.code} AND ${matches}`,
    type: col(alias, 'resource_type'),
    id: col(alias, 'resource_id'),
  };
}

/**
 * The index rows that satisfy every one of several filters of one parameter at once (each filter's values ORed,
 * the filters ANDed on the same row). Only a parameter with at most one row per resource (see single-valued.ts)
 * makes these the same resources as the filters ANDed; then they are a narrow candidate set for a page led by
 * them (`birthdate=ge1980-03&birthdate=lt1980-04`, where each filter alone selects half the patients).
 */
export function sameRowRows(filters: Extract<Filter, { kind: 'param' }>[], ownerType: TypeMatch, aliases: Aliases, point = false): FilterRows {
  const param = filters[0].param;
  const type = param.type as IndexedParamType;
  const alias = aliases.fresh('x');
  const conditions = filters.map((filter) => or(filter.values.map((value) => valuePredicate(type, alias, value, filter.modifier))));
  // A point's range (a date, dateTime or instant) spans at most a year: a filter bounding `high` from below then
  // bounds `low` too, which the index (type, param, low, high) can seek on. Redundant, so always exact.
  const floor = point ? lowFloor(filters) : undefined;
  if (floor !== undefined) conditions.push(Prisma.sql`${col(alias, 'low')} > ${new Date(floor).toISOString()}::timestamptz`);
  const matches = and(conditions);
  return {
    from: Prisma.raw(`${TABLE_OF_TYPE[type]} ${alias}`),
    where: Prisma.sql`${ownerType(col(alias, 'resource_type'))} AND ${col(alias, 'param')} = ${param.code} AND ${matches}`,
    type: col(alias, 'resource_type'),
    id: col(alias, 'resource_id'),
  };
}

/**
 * The resources whose name-prefix row (name-prefixes.ts) holds a key of every one of several filters of one name
 * parameter (each filter's values ORed): all the words of `name=nguyen&name=van&name=an` in one GIN lookup.
 * Exact for words up to the kept prefix length and a superset beyond: a candidate set, the filters being checked
 * on each candidate anyway. The filters' values must not be empty.
 */
export function prefixRows(filters: Extract<Filter, { kind: 'param' }>[], ownerType: TypeMatch, aliases: Aliases): FilterRows {
  const param = filters[0].param;
  const alias = aliases.fresh('w');
  const keys = col(alias, 'keys');
  const every: string[] = [];
  const conditions: Prisma.Sql[] = [];
  for (const filter of filters) {
    const words = filter.values.map((value) => prefixKey(param.code, expect(value, 'string').folded));
    if (words.length === 1) every.push(words[0]);
    else conditions.push(Prisma.sql`${keys} && ${words}::text[]`);
  }
  if (every.length > 0) conditions.unshift(Prisma.sql`${keys} @> ${every}::text[]`);
  return {
    from: Prisma.raw(`search_prefix ${alias}`),
    where: Prisma.sql`${ownerType(col(alias, 'resource_type'))} AND ${col(alias, 'param')} = ${param.code} AND ${and(conditions)}`,
    type: col(alias, 'resource_type'),
    id: col(alias, 'resource_id'),
  };
}

const MAX_POINT_SPAN = 400 * 24 * 3600 * 1000; // a leap year and any time-zone slack, with room to spare

/** A time every matching point row's `low` is above, from the filters ANDed (each filter's values ORed). */
function lowFloor(filters: Extract<Filter, { kind: 'param' }>[]): number | undefined {
  let floor: number | undefined;
  for (const filter of filters) {
    let least: number | undefined = Infinity;
    for (const value of filter.values) {
      const bound = value.kind === 'date' ? dateLowFloor(value) : undefined;
      least = bound === undefined || least === undefined ? undefined : Math.min(least, bound);
    }
    if (least !== undefined && Number.isFinite(least)) floor = floor === undefined ? least : Math.max(floor, least);
  }
  return floor;
}

function dateLowFloor(value: DateSearchValue): number | undefined {
  switch (value.prefix) {
    case 'eq': // low >= value.low
    case 'sa': // low >= value.high
      return value.low - 1;
    case 'gt': // high > value.high
    case 'ge': // or contained: low >= value.low
      return Math.min(value.low - 1, value.high - MAX_POINT_SPAN);
    default:
      return undefined;
  }
}

function valuePredicate(type: IndexedParamType, alias: string, value: SearchValue, modifier: Modifier | undefined): Prisma.Sql {
  switch (type) {
    case 'string':
      return stringPredicate(alias, expect(value, 'string'), modifier);
    case 'token':
      return tokenPredicate(alias, value);
    case 'date':
      return datePredicate(col(alias, 'low'), col(alias, 'high'), expect(value, 'date'));
    case 'number':
      return numberPredicate(alias, expect(value, 'number'));
    case 'quantity':
      return quantityPredicate(alias, expect(value, 'quantity'));
    case 'reference':
      return referencePredicate(alias, value, modifier);
    case 'uri':
      return uriPredicate(alias, expect(value, 'uri'), modifier);
  }
}

function expect<K extends SearchValue['kind']>(value: SearchValue, kind: K): Extract<SearchValue, { kind: K }> {
  if (value.kind !== kind) throw new Error(`a ${value.kind} value where a ${kind} belongs`);
  return value as Extract<SearchValue, { kind: K }>;
}

/** All components from one value of the composite: rows of the component tables joined on the group number. */
function compositeRows(param: SearchParam, values: SearchValue[], ownerType: TypeMatch, aliases: Aliases): FilterRows {
  const components = param.components ?? [];
  const names = components.map(() => aliases.fresh('c'));
  const joins = components.slice(1).map((component, i) => {
    const alias = names[i + 1];
    return Prisma.sql`JOIN ${Prisma.raw(TABLE_OF_TYPE[component.type])} ${Prisma.raw(alias)}
      ON ${col(alias, 'resource_id')} = ${col(names[0], 'resource_id')} AND ${col(alias, 'resource_type')} = ${col(names[0], 'resource_type')}
      AND ${col(alias, 'param')} = ${`${param.code}$${i + 1}`} AND ${col(alias, 'grp')} = ${col(names[0], 'grp')}`;
  });
  const matches = or(values.map((value) => and(expect(value, 'composite').components.map((component, k) =>
    valuePredicate(components[k].type, names[k], component, undefined)))));
  return {
    from: Prisma.sql`${Prisma.raw(TABLE_OF_TYPE[components[0].type])} ${Prisma.raw(names[0])} ${Prisma.join(joins, ' ')}`,
    where: Prisma.sql`${ownerType(col(names[0], 'resource_type'))} AND ${col(names[0], 'param')} = ${`${param.code}$0`} AND ${matches}`,
    type: col(names[0], 'resource_type'),
    id: col(names[0], 'resource_id'),
  };
}

/** Any value of the parameter (`:missing=false`); for a composite, its first component. */
function presentRows(param: SearchParam, ownerType: TypeMatch, aliases: Aliases): FilterRows {
  const composite = param.type === 'composite';
  const type = composite ? param.components![0].type : (param.type as IndexedParamType);
  const alias = aliases.fresh('m');
  return {
    from: Prisma.raw(`${TABLE_OF_TYPE[type]} ${alias}`),
    where: Prisma.sql`${ownerType(col(alias, 'resource_type'))} AND ${col(alias, 'param')} = ${composite ? `${param.code}$0` : param.code}`,
    type: col(alias, 'resource_type'),
    id: col(alias, 'resource_id'),
  };
}

function lastUpdatedCondition(values: DateSearchValue[], owner: Owner, aliases: Aliases): Prisma.Sql {
  // An instant's range is its millisecond.
  const matches = (alias: string): Prisma.Sql => or(values.map((value) =>
    datePredicate(col(alias, 'last_updated'), Prisma.sql`${col(alias, 'last_updated')} + interval '1 millisecond'`, value)));
  if (owner.alias) return matches(owner.alias);
  const alias = aliases.fresh('u');
  return Prisma.sql`EXISTS (SELECT 1 FROM resource ${Prisma.raw(alias)}
    WHERE ${col(alias, 'resource_type')} = ${owner.type} AND ${col(alias, 'id')} = ${owner.id} AND ${matches(alias)})`;
}

function chainRows(filter: Extract<Filter, { kind: 'chain' }>, ownerType: TypeMatch, aliases: Aliases): FilterRows {
  const alias = aliases.fresh('ch');
  const targets = filter.targets.map(({ type, filter: inner }) => and([
    Prisma.sql`${col(alias, 'target_type')} = ${type}`,
    filterCondition(inner, { type: Prisma.sql`${type}`, id: col(alias, 'target_id') }, aliases),
  ]));
  return {
    from: Prisma.raw(`search_reference ${alias}`),
    where: Prisma.sql`${ownerType(col(alias, 'resource_type'))} AND ${col(alias, 'param')} = ${filter.param.code} AND ${or(targets)}`,
    type: col(alias, 'resource_type'),
    id: col(alias, 'resource_id'),
  };
}

function hasRows(filter: Extract<Filter, { kind: 'has' }>, ownerType: TypeMatch, aliases: Aliases): FilterRows {
  const alias = aliases.fresh('h');
  const source: Owner = { type: Prisma.sql`${filter.sourceType}`, id: col(alias, 'resource_id') };
  return {
    from: Prisma.raw(`search_reference ${alias}`),
    where: Prisma.sql`${ownerType(col(alias, 'target_type'))} AND ${col(alias, 'resource_type')} = ${filter.sourceType}
      AND ${col(alias, 'param')} = ${filter.param.code} AND ${filterCondition(filter.filter, source, aliases)}`,
    type: col(alias, 'target_type'),
    id: col(alias, 'target_id'),
  };
}

/**
 * Members of a compartment, found from the reference index led by the compartment's id: one index range,
 * whatever the number of types and parameters the compartment definition names; the compartment's own resource too.
 */
function compartmentRows(filter: Extract<Filter, { kind: 'compartment' }>, ownerType: TypeMatch, aliases: Aliases): FilterRows {
  const types = filter.links.map((link) => link.type);
  const params = filter.links.map((link) => link.param);
  const l = aliases.fresh('l');
  const members = aliases.fresh('cm');
  return {
    from: Prisma.sql`(SELECT ${col(l, 'resource_type')} AS t, ${col(l, 'resource_id')} AS i FROM search_reference ${Prisma.raw(l)}
      WHERE ${col(l, 'target_id')} = ${filter.id} AND ${col(l, 'target_type')} = ${filter.compartmentType}
        AND (${col(l, 'resource_type')}, ${col(l, 'param')}) IN (SELECT * FROM unnest(${types}::text[], ${params}::text[]))
      UNION ALL SELECT ${filter.compartmentType}::text, ${filter.id}::text) ${Prisma.raw(members)}`,
    where: ownerType(col(members, 't')),
    type: col(members, 't'),
    id: col(members, 'i'),
  };
}
