// reference: `Type/id` (or `param:Type=id`) matches the target; a bare id matches a target of any type; an
// absolute URL matches as written, and a canonical also with any `|version`. :identifier matches
// Reference.identifier like a token.
import { Prisma } from '../../../db/generated/client.ts';
import type { Modifier, SearchValue } from '../../../../fhir/search/query/search-query.ts';
import { and, col } from '../sql-context.ts';
import { systemAndCode } from './token-predicate.ts';

export function referencePredicate(alias: string, value: SearchValue, modifier?: Modifier): Prisma.Sql {
  if (modifier === 'identifier' && value.kind === 'token') {
    return systemAndCode(col(alias, 'identifier_system'), col(alias, 'identifier_value'), value.system, value.code);
  }
  if (value.kind !== 'reference') throw new Error(`a ${value.kind} value on a reference parameter`);
  if (value.url !== undefined) {
    const url = col(alias, 'url');
    return Prisma.sql`(${url} = ${value.url} OR starts_with(${url}, ${`${value.url}|`}))`;
  }
  const parts = [Prisma.sql`${col(alias, 'target_id')} = ${value.id}`];
  if (value.type !== undefined) parts.push(Prisma.sql`${col(alias, 'target_type')} = ${value.type}`);
  return and(parts);
}
