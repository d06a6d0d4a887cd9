import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';
import type { ConditionalCriteria } from '../../fhir/search/conditional-query.ts';

type Token = ConditionalCriteria['identifiers'][number][number];

function tokenCondition(token: Token): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (token.system === '') parts.push(Prisma.sql`s.system IS NULL`);
  else if (token.system !== null) parts.push(Prisma.sql`s.system = ${token.system}`);
  if (token.code !== null) parts.push(Prisma.sql`s.code = ${token.code}`);
  return Prisma.sql`(${Prisma.join(parts, ' AND ')})`;
}

/** Ids of live resources matching the criteria: at most `limit`, enough to tell none, one and several apart. */
export async function findMatchingIds(
  db: Db,
  resourceType: string,
  criteria: ConditionalCriteria,
  limit = 2,
): Promise<string[]> {
  const conditions = [Prisma.sql`r.resource_type = ${resourceType}`, Prisma.sql`NOT r.deleted`];
  for (const ids of criteria.ids) conditions.push(Prisma.sql`r.id = ANY(${ids}::text[])`);
  for (const alternatives of criteria.identifiers) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM search_token s
      WHERE s.resource_type = r.resource_type AND s.resource_id = r.id AND s.param = 'identifier'
      AND (${Prisma.join(alternatives.map(tokenCondition), ' OR ')}))`);
  }
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id FROM resource r WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY r.id LIMIT ${limit}`;
  return rows.map((row) => row.id);
}
