// string: the default matches values starting with the search text, both folded (case, accents and Vietnamese
// diacritics ignored, đ = d); :contains anywhere in the folded value; :exact the value as written.
import { Prisma } from '../../../db/generated/client.ts';
import type { Modifier, StringSearchValue } from '../../../../fhir/search/query/search-query.ts';
import { col } from '../sql-context.ts';
import { startsWith } from './text-prefix.ts';

export function stringPredicate(alias: string, value: StringSearchValue, modifier?: Modifier): Prisma.Sql {
  const folded = col(alias, 'folded');
  if (modifier === 'exact') return Prisma.sql`(${folded} = ${value.folded} AND ${col(alias, 'value')} = ${value.text})`;
  if (modifier === 'contains') return Prisma.sql`strpos(${folded}, ${value.folded}) > 0`;
  return startsWith(folded, value.folded);
}
