// _include and _revinclude: the resources the page's resources refer to, or that refer to them, through the
// named reference parameters, read from the reference index in one statement per specification.
import { Prisma } from '../../db/generated/client.ts';
import type { Db } from '../../db/client.ts';
import type { AccessFilter } from './access-filter.ts';

export interface ResourceKey {
  resourceType: string;
  id: string;
}

export interface IncludedRow extends ResourceKey {
  content: string;
}

export interface IncludeStep {
  /** The type of the resources that hold the references. */
  sourceType: string;
  params: string[];
  targetType?: string;
}

interface RawRow {
  resource_type: string;
  id: string;
  content: string;
}

const toRow = (row: RawRow): IncludedRow => ({ resourceType: row.resource_type, id: row.id, content: row.content });

function accessCondition(access: AccessFilter | undefined, alias: string): Prisma.Sql {
  return access ? Prisma.sql`AND ${access.condition(alias)}` : Prisma.empty;
}

/** Targets of the `from` resources' references (those of `step.sourceType`). */
export async function findReferenced(db: Db, from: ResourceKey[], step: IncludeStep, limit: number, access?: AccessFilter): Promise<IncludedRow[]> {
  const ids = from.filter((key) => key.resourceType === step.sourceType).map((key) => key.id);
  if (ids.length === 0 || step.params.length === 0) return [];
  const target = step.targetType ? Prisma.sql`AND f.target_type = ${step.targetType}` : Prisma.empty;
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT t.resource_type, t.id, t.content FROM resource t
    WHERE (t.resource_type, t.id) IN (
      SELECT f.target_type, f.target_id FROM search_reference f
      WHERE f.resource_type = ${step.sourceType} AND f.resource_id = ANY(${ids}::text[]) AND f.param = ANY(${step.params}::text[])
        AND f.target_id IS NOT NULL ${target})
    AND NOT t.deleted ${accessCondition(access, 't')}
    ORDER BY t.resource_type, t.id LIMIT ${limit}`;
  return rows.map(toRow);
}

/** Resources of `step.sourceType` whose references (through `step.params`) point at the `to` resources. */
export async function findReferencing(db: Db, to: ResourceKey[], step: IncludeStep, limit: number, access?: AccessFilter): Promise<IncludedRow[]> {
  const targets = step.targetType ? to.filter((key) => key.resourceType === step.targetType) : to;
  if (targets.length === 0 || step.params.length === 0) return [];
  const types = targets.map((key) => key.resourceType);
  const ids = targets.map((key) => key.id);
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT s.resource_type, s.id, s.content FROM resource s
    WHERE (s.resource_type, s.id) IN (
      SELECT f.resource_type, f.resource_id FROM search_reference f
      WHERE f.target_id = ANY(${ids}::text[]) AND f.resource_type = ${step.sourceType} AND f.param = ANY(${step.params}::text[])
        AND (f.target_type, f.target_id) IN (SELECT * FROM unnest(${types}::text[], ${ids}::text[])))
    AND NOT s.deleted ${accessCondition(access, 's')}
    ORDER BY s.resource_type, s.id LIMIT ${limit}`;
  return rows.map(toRow);
}
