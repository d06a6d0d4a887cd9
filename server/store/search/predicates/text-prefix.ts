// "Starts with" on a C-collated column as a btree range: every text starting with p lies in [p, p'), where p'
// is p with its last character's code point plus one (C collation orders by code point).
import { Prisma } from '../../../db/generated/client.ts';

export function startsWith(column: Prisma.Sql, prefix: string): Prisma.Sql {
  const last = prefix.codePointAt(prefix.length - 1) ?? 0;
  const head = prefix.slice(0, prefix.length - (last > 0xffff ? 2 : 1));
  const upper = head + String.fromCodePoint(last + 1);
  return Prisma.sql`(${column} >= ${prefix} AND ${column} < ${upper})`;
}
