// date: the stored value is the range [low, high) its precision implies, and so is the search value; prefixes
// compare the two ranges as the R4 specification defines (search.html#prefix):
//   eq  the search range contains the value's      ne  it does not
//   gt  the value's range reaches above the search range's end     lt  … below its start
//   ge  gt, or eq                                   le  lt, or eq
//   sa  the value's range starts after the search range ends       eb  … ends before it starts
//   ap  the ranges overlap, the search range widened by 10% of its distance from now
import { Prisma } from '../../../db/generated/client.ts';
import type { DateSearchValue } from '../../../../fhir/search/query/search-query.ts';

export function datePredicate(low: Prisma.Sql, high: Prisma.Sql, value: DateSearchValue, now = Date.now()): Prisma.Sql {
  const sLow = new Date(value.low).toISOString();
  const sHigh = new Date(value.high).toISOString();
  // `low < sHigh` follows from `high <= sHigh` (a range is never empty) but is written out: PostgreSQL then sees one
  // bounded range of `low`, seeks the index on it and estimates it well, instead of multiplying two half-open
  // conditions on different columns (a birth month taken for a quarter of all patients).
  const contained = Prisma.sql`(${low} >= ${sLow}::timestamptz AND ${low} < ${sHigh}::timestamptz AND ${high} <= ${sHigh}::timestamptz)`;
  switch (value.prefix) {
    case 'eq':
      return contained;
    case 'ne':
      return Prisma.sql`NOT ${contained}`;
    case 'gt':
      return Prisma.sql`${high} > ${sHigh}::timestamptz`;
    case 'lt':
      return Prisma.sql`${low} < ${sLow}::timestamptz`;
    case 'ge':
      return Prisma.sql`(${high} > ${sHigh}::timestamptz OR ${contained})`;
    case 'le':
      return Prisma.sql`(${low} < ${sLow}::timestamptz OR ${contained})`;
    case 'sa':
      return Prisma.sql`${low} >= ${sHigh}::timestamptz`;
    case 'eb':
      return Prisma.sql`${high} <= ${sLow}::timestamptz`;
    case 'ap': {
      const margin = Math.abs(now - value.low) / 10;
      const wideLow = new Date(value.low - margin).toISOString();
      const wideHigh = new Date(value.high + margin).toISOString();
      return Prisma.sql`(${low} < ${wideHigh}::timestamptz AND ${high} > ${wideLow}::timestamptz)`;
    }
  }
}
