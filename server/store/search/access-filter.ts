import type { Prisma } from '../../db/generated/client.ts';

/**
 * A restriction the caller puts on every resource row a search returns (facility isolation, patient access):
 * `condition` gets the alias of the `resource` row being returned and answers a condition on it. The engine ANDs
 * it into main matches, includes, revincludes, compartment searches and $everything alike.
 */
export interface AccessFilter {
  condition(alias: string): Prisma.Sql;
}
