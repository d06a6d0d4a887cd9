// number: a stored value against the search value's prefix and precision (see numeric-range).
import type { Prisma } from '../../../db/generated/client.ts';
import type { NumberSearchValue } from '../../../../fhir/search/query/search-query.ts';
import { col } from '../sql-context.ts';
import { numericPredicate } from './numeric-range.ts';

export function numberPredicate(alias: string, value: NumberSearchValue): Prisma.Sql {
  const stored = col(alias, 'value');
  return numericPredicate(stored, stored, value);
}
