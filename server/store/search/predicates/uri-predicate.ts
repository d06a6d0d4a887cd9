// uri: equal by default; :below — the stored URI starts with the search value; :above — the search value starts
// with the stored URI.
import { Prisma } from '../../../db/generated/client.ts';
import type { Modifier, UriSearchValue } from '../../../../fhir/search/query/search-query.ts';
import { col } from '../sql-context.ts';

export function uriPredicate(alias: string, value: UriSearchValue, modifier?: Modifier): Prisma.Sql {
  const stored = col(alias, 'value');
  if (modifier === 'below') return Prisma.sql`starts_with(${stored}, ${value.value})`;
  if (modifier === 'above') return Prisma.sql`starts_with(${value.value}, ${stored})`;
  return Prisma.sql`${stored} = ${value.value}`;
}
