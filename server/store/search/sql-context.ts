// Shared by the SQL builders: fresh table aliases (subqueries nest for chains and _has), and the "owner" a
// condition is about — the resource row returned, or a chain's target, known only by type and id expressions.
import { Prisma } from '../../db/generated/client.ts';

export interface Owner {
  /** SQL for the owner's resource type and id. */
  type: Prisma.Sql;
  id: Prisma.Sql;
  /** The alias of the owner's `resource` row when the query has one (its columns are then at hand). */
  alias?: string;
}

export class Aliases {
  private next = 0;

  /** A new alias with a readable prefix; never user text. */
  fresh(prefix: string): string {
    this.next += 1;
    return `${prefix}${this.next}`;
  }
}

/** `alias.column` as SQL; both are the engine's own identifiers. */
export function col(alias: string, column: string): Prisma.Sql {
  return Prisma.raw(`${alias}.${column}`);
}

/** The owner that is the resource row `alias`. */
export function rowOwner(alias: string): Owner {
  return { type: col(alias, 'resource_type'), id: col(alias, 'id'), alias };
}

export function or(conditions: Prisma.Sql[]): Prisma.Sql {
  if (conditions.length === 0) return Prisma.sql`FALSE`;
  return conditions.length === 1 ? conditions[0] : Prisma.sql`(${Prisma.join(conditions, ' OR ')})`;
}

export function and(conditions: Prisma.Sql[]): Prisma.Sql {
  if (conditions.length === 0) return Prisma.sql`TRUE`;
  return conditions.length === 1 ? conditions[0] : Prisma.sql`(${Prisma.join(conditions, ' AND ')})`;
}
