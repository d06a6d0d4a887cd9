// token: `system|code`, `code` (any system), `|code` (no system), `system|` (any code of the system); :text
// matches the start of a coding's display or a concept's text (folded); :of-type an identifier's type and value.
// (:not is the negation of the whole parameter, see filter-sql.)
import { Prisma } from '../../../db/generated/client.ts';
import type { SearchValue } from '../../../../fhir/search/query/search-query.ts';
import { and, col } from '../sql-context.ts';
import { startsWith } from './text-prefix.ts';

export function tokenPredicate(alias: string, value: SearchValue): Prisma.Sql {
  switch (value.kind) {
    case 'string':
      return startsWith(col(alias, 'text'), value.folded);
    case 'of-type':
      return and([
        Prisma.sql`${col(alias, 'type_system')} = ${value.typeSystem}`,
        Prisma.sql`${col(alias, 'type_code')} = ${value.typeCode}`,
        Prisma.sql`${col(alias, 'code')} = ${value.value}`,
      ]);
    case 'token':
      return systemAndCode(col(alias, 'system'), col(alias, 'code'), value.system, value.code);
    default:
      throw new Error(`a ${value.kind} value on a token parameter`);
  }
}

/** The condition of a `[system]|[code]` value on a pair of columns (token rows, and references' identifiers). */
export function systemAndCode(system: Prisma.Sql, code: Prisma.Sql, wantedSystem: string | null | undefined, wantedCode: string | undefined): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (wantedCode !== undefined) parts.push(Prisma.sql`${code} = ${wantedCode}`);
  if (wantedSystem === null) parts.push(Prisma.sql`${system} IS NULL`);
  else if (wantedSystem !== undefined) parts.push(Prisma.sql`${system} = ${wantedSystem}`);
  return and(parts);
}
