// quantity: the numeric rule (numeric-range) on the stored interval, and the units: `|system|code` must match
// both; `||code` matches the code or the unit as written.
import { Prisma } from '../../../db/generated/client.ts';
import type { QuantitySearchValue } from '../../../../fhir/search/query/search-query.ts';
import { and, col } from '../sql-context.ts';
import { numericPredicate } from './numeric-range.ts';

export function quantityPredicate(alias: string, value: QuantitySearchValue): Prisma.Sql {
  const parts = [numericPredicate(col(alias, 'low'), col(alias, 'high'), value)];
  if (value.system !== undefined) parts.push(Prisma.sql`${col(alias, 'system')} = ${value.system}`);
  if (value.code !== undefined) {
    parts.push(value.system !== undefined
      ? Prisma.sql`${col(alias, 'code')} = ${value.code}`
      : Prisma.sql`(${col(alias, 'code')} = ${value.code} OR ${col(alias, 'unit')} = ${value.code})`);
  }
  return and(parts);
}
