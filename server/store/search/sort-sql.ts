// Sort keys as SQL expressions on the returned row: `_id`, `_lastUpdated`, or the smallest (ascending) or largest
// (descending) indexed value of a parameter — for dates the start of the earliest range or the end of the latest.
import { Prisma } from '../../db/generated/client.ts';
import type { SortKey } from '../../../fhir/search/query/search-query.ts';
import type { IndexedParamType } from '../../../fhir/search/parameters/search-parameter.ts';
import { TABLE_OF_TYPE } from './index-rows.ts';
import { col } from './sql-context.ts';

export interface SortExpression {
  sql: Prisma.Sql;
  /** SQL type to cast a cursor value (text) back to. */
  type: 'text' | 'timestamptz' | 'numeric';
  descending: boolean;
}

// A quantity open at one end (>140) sorts by the end it has.
const COLUMNS: Record<IndexedParamType, { ascending: string; descending: string; type: SortExpression['type'] }> = {
  string: { ascending: 'folded', descending: 'folded', type: 'text' },
  token: { ascending: 'code', descending: 'code', type: 'text' },
  date: { ascending: 'low', descending: 'high', type: 'timestamptz' },
  number: { ascending: 'value', descending: 'value', type: 'numeric' },
  quantity: { ascending: 'coalesce(s.low, s.high)', descending: 'coalesce(s.high, s.low)', type: 'numeric' },
  reference: { ascending: 'target_id', descending: 'target_id', type: 'text' },
  uri: { ascending: 'value', descending: 'value', type: 'text' },
};

export function sortExpression(key: SortKey, row: string): SortExpression {
  if (key.param === '_id') return { sql: col(row, 'id'), type: 'text', descending: key.descending };
  if (key.param === '_lastUpdated') return { sql: col(row, 'last_updated'), type: 'timestamptz', descending: key.descending };
  const type = key.param.type as IndexedParamType;
  const { ascending, descending, type: sqlType } = COLUMNS[type];
  const chosen = key.descending ? descending : ascending;
  const column = Prisma.raw(chosen.includes('(') ? chosen : `s.${chosen}`);
  const aggregate = Prisma.raw(key.descending ? 'max' : 'min');
  return {
    sql: Prisma.sql`(SELECT ${aggregate}(${column}) FROM ${Prisma.raw(TABLE_OF_TYPE[type])} s
      WHERE s.resource_type = ${col(row, 'resource_type')} AND s.resource_id = ${col(row, 'id')} AND s.param = ${key.param.code} AND s.grp IS NULL)`,
    type: sqlType,
    descending: key.descending,
  };
}
