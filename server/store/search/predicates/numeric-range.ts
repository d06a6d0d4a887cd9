// number and quantity share one rule, on a stored interval [low, high] (a plain value is low = high; null is an
// open end). The search value carries its exact value and the range its precision implies (100 → [99.5, 100.5)):
// eq/ne use the precision range, gt/lt/ge/le the exact value (R4 search.html#number), sa/eb lie wholly above/below
// the precision range, ap within 10% of the value.
import { Prisma } from '../../../db/generated/client.ts';
import type { NumberSearchValue, QuantitySearchValue } from '../../../../fhir/search/query/search-query.ts';
import { approximateRange } from '../../../../fhir/search/values/decimal.ts';

export function numericPredicate(low: Prisma.Sql, high: Prisma.Sql, value: NumberSearchValue | QuantitySearchValue): Prisma.Sql {
  const exact = Prisma.sql`${value.value}::numeric`;
  const contained = Prisma.sql`(${low} >= ${value.low}::numeric AND ${high} < ${value.high}::numeric)`;
  switch (value.prefix) {
    case 'eq':
      return contained;
    case 'ne':
      return Prisma.sql`NOT coalesce(${contained}, false)`;
    case 'gt':
      return Prisma.sql`(${high} IS NULL OR ${high} > ${exact})`;
    case 'lt':
      return Prisma.sql`(${low} IS NULL OR ${low} < ${exact})`;
    case 'ge':
      return Prisma.sql`(${high} IS NULL OR ${high} >= ${exact})`;
    case 'le':
      return Prisma.sql`(${low} IS NULL OR ${low} <= ${exact})`;
    case 'sa':
      return Prisma.sql`${low} >= ${value.high}::numeric`;
    case 'eb':
      return Prisma.sql`${high} < ${value.low}::numeric`;
    case 'ap': {
      const range = approximateRange(value.value, 10)!;
      return Prisma.sql`((${low} IS NULL OR ${low} <= ${range.high}::numeric) AND (${high} IS NULL OR ${high} >= ${range.low}::numeric))`;
    }
  }
}
