// SQL that writes the search index rows of resources (tables in prisma/migrations/0002_search_index): as CTEs of
// the one statement that writes a version, or as multi-row inserts for bulk loads. A table's rows travel as one
// JSON parameter read by json_to_recordset: serialising thousands of values into driver arrays costs the Node
// process several times more than JSON.stringify does, and Node is what limits bulk loading.
import { Prisma } from '../../db/generated/client.ts';
import type { Db } from '../../db/client.ts';
import type { IndexEntries } from '../../../fhir/search/index-entries.ts';
import type { IndexedParamType } from '../../../fhir/search/parameters/search-parameter.ts';

type Value = string | null;

interface Column<R> {
  name: string;
  /** SQL type the text array element is cast to. */
  type: string;
  get(row: R): Value;
}

interface IndexTable<K extends keyof IndexEntries> {
  name: string;
  entries: K;
  columns: Column<IndexEntries[K][number]>[];
}

const grp = <R extends { grp: number | null }>(): Column<R> => ({ name: 'grp', type: 'int2', get: (row) => (row.grp === null ? null : String(row.grp)) });
const text = <R,>(name: string, get: (row: R) => Value): Column<R> => ({ name, type: 'text', get });

function table<K extends keyof IndexEntries>(name: string, entries: K, columns: Column<IndexEntries[K][number]>[]): IndexTable<K> {
  return { name, entries, columns };
}

export const INDEX_TABLES = [
  table('search_string', 'strings', [grp(), text('value', (r) => r.value), text('folded', (r) => r.folded)]),
  table('search_token', 'tokens', [
    grp(),
    text('system', (r) => r.system),
    text('code', (r) => r.code),
    text('text', (r) => r.text),
    text('type_system', (r) => r.typeSystem),
    text('type_code', (r) => r.typeCode),
  ]),
  table('search_date', 'dates', [grp(), { name: 'low', type: 'timestamptz', get: (r) => r.low }, { name: 'high', type: 'timestamptz', get: (r) => r.high }]),
  table('search_number', 'numbers', [grp(), { name: 'value', type: 'numeric', get: (r) => r.value }]),
  table('search_quantity', 'quantities', [
    grp(),
    { name: 'low', type: 'numeric', get: (r) => r.low },
    { name: 'high', type: 'numeric', get: (r) => r.high },
    text('system', (r) => r.system),
    text('code', (r) => r.code),
    text('unit', (r) => r.unit),
  ]),
  table('search_reference', 'references', [
    grp(),
    text('target_type', (r) => r.targetType),
    text('target_id', (r) => r.targetId),
    text('url', (r) => r.url),
    text('identifier_system', (r) => r.identifierSystem),
    text('identifier_value', (r) => r.identifierValue),
  ]),
  table('search_uri', 'uris', [grp(), text('value', (r) => r.value)]),
  table('search_prefix', 'prefixes', [{ name: 'keys', type: 'text[]', get: (r) => arrayLiteral(r.keys) }]),
] as const;

/** A text[] literal: every element quoted, so spaces, commas and braces in names stay inside their element. */
function arrayLiteral(values: string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** The table holding the rows of each parameter type. */
export const TABLE_OF_TYPE: Record<IndexedParamType, string> = {
  string: 'search_string',
  token: 'search_token',
  date: 'search_date',
  number: 'search_number',
  quantity: 'search_quantity',
  reference: 'search_reference',
  uri: 'search_uri',
};

type AnyTable = IndexTable<keyof IndexEntries>;
type AnyRow = IndexEntries[keyof IndexEntries][number];

/** `param, grp, …` of a table. */
function columnList(t: AnyTable): Prisma.Sql {
  return Prisma.raw(['param', ...t.columns.map((c) => c.name)].join(', '));
}

/** The JSON parameter holding rows (`r`, `i`: owner type and id when given; `p`: param; `c0…`: columns). */
function rowsJson(t: AnyTable, rows: AnyRow[], owners?: { types: string[]; ids: string[] }): string {
  return JSON.stringify(rows.map((row, n) => {
    const record: Record<string, Value> = { p: row.param };
    t.columns.forEach((c, k) => {
      const value = c.get(row as never);
      if (value !== null) record[`c${k}`] = value;
    });
    if (owners) {
      record.r = owners.types[n];
      record.i = owners.ids[n];
    }
    return record;
  }));
}

/** `json_to_recordset(…) AS x(p text, c0 int2, …)`: JSON rows (a bound text, or an expression) typed as the table's columns. */
function recordset(t: AnyTable, json: string | Prisma.Sql, withOwner: boolean): Prisma.Sql {
  const fields = [...(withOwner ? ['r text', 'i text'] : []), 'p text', ...t.columns.map((c, k) => `c${k} ${c.type}`)];
  const source = typeof json === 'string' ? Prisma.sql`${json}::json` : json;
  return Prisma.sql`json_to_recordset(${source}) AS x(${Prisma.raw(fields.join(', '))})`;
}

function selectList(t: AnyTable): Prisma.Sql {
  return Prisma.raw(['p', ...t.columns.map((_, k) => `c${k}`)].join(', '));
}

/**
 * CTEs (`, name AS (…)` each) inserting a resource's index rows when the CTE `guard` (which returns the written
 * row's resource_type and id) returned a row. All tables' rows travel in one JSON parameter.
 */
export function insertIndexCtes(entries: IndexEntries, guard: string): Prisma.Sql {
  const tables = (INDEX_TABLES as readonly AnyTable[]).map((t, n) => ({ t, n, rows: entries[t.entries] as AnyRow[] })).filter(({ rows }) => rows.length > 0);
  if (tables.length === 0) return Prisma.empty;
  const json = `{${tables.map(({ t, n, rows }) => `"t${n}":${rowsJson(t, rows)}`).join(',')}}`;
  const g = Prisma.raw(guard);
  const inserts = tables.map(({ t, n }) => Prisma.sql`, ${Prisma.raw(`i${n}`)} AS (
      INSERT INTO ${Prisma.raw(t.name)} (resource_type, resource_id, ${columnList(t)})
      SELECT ${g}.resource_type, ${g}.id, ${selectList(t)} FROM ${g}, ix, ${recordset(t, Prisma.raw(`ix.j->'t${n}'`), false)})`);
  return Prisma.sql`, ix AS (SELECT ${json}::json AS j) ${Prisma.join(inserts, '')}`;
}

/** CTEs deleting the index rows of the resource the CTE `guard` returned, from every table. */
export function deleteIndexCtes(guard: string): Prisma.Sql {
  const g = Prisma.raw(guard);
  return Prisma.join(INDEX_TABLES.map((t, n) => Prisma.sql`, ${Prisma.raw(`d${n}`)} AS (
      DELETE FROM ${Prisma.raw(t.name)} s USING ${g} WHERE s.resource_id = ${g}.id AND s.resource_type = ${g}.resource_type)`), '');
}

export interface IndexedResource {
  resourceType: string;
  id: string;
  index: IndexEntries;
}

/** Inserts the index rows of many resources: one multi-row statement per table that has rows. */
export async function insertManyIndexRows(db: Db, resources: IndexedResource[]): Promise<void> {
  for (const t of INDEX_TABLES as readonly AnyTable[]) {
    const types: string[] = [];
    const ids: string[] = [];
    const rows: AnyRow[] = [];
    for (const resource of resources) {
      for (const row of resource.index[t.entries] as AnyRow[]) {
        types.push(resource.resourceType);
        ids.push(resource.id);
        rows.push(row);
      }
    }
    if (rows.length === 0) continue;
    await db.$executeRaw`
      INSERT INTO ${Prisma.raw(t.name)} (resource_type, resource_id, ${columnList(t)})
      SELECT r, i, ${selectList(t)} FROM ${recordset(t, rowsJson(t, rows, { types, ids }), true)}`;
  }
}

/** Deletes the index rows of the given resources from every table. */
export async function deleteManyIndexRows(db: Db, resources: { resourceType: string; id: string }[]): Promise<void> {
  if (resources.length === 0) return;
  const types = resources.map((r) => r.resourceType);
  const ids = resources.map((r) => r.id);
  for (const t of INDEX_TABLES) {
    await db.$executeRaw`
      DELETE FROM ${Prisma.raw(t.name)} s USING unnest(${types}::text[], ${ids}::text[]) AS x(t, i)
      WHERE s.resource_id = x.i AND s.resource_type = x.t`;
  }
}
