// SQL of patient merges (prisma/migrations/0004_visit_queue: patient_merge).
import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';

/** "Type/id" of the live resources in a patient's compartment, the patient itself excepted. */
export async function resourcesOfPatient(db: Db, patientId: string): Promise<{ resourceType: string; id: string }[]> {
  const rows = await db.$queryRaw<{ resource_type: string; id: string }[]>`
    SELECT resource_type, id FROM resource
    WHERE patient_ids @> ARRAY[${patientId}]::text[] AND NOT deleted AND NOT (resource_type = 'Patient' AND id = ${patientId})
    ORDER BY resource_type, id`;
  return rows.map((row) => ({ resourceType: row.resource_type, id: row.id }));
}

export interface MergeRow {
  id: string;
  sourceId: string;
  targetId: string;
  facilityId: string | null;
  reason: string;
  moved: string[];
  sourceWasActive: boolean;
  mergedBy: string;
  mergedAt: Date;
  undoneBy: string | null;
  undoneAt: Date | null;
}

interface RawMergeRow {
  id: string;
  source_id: string;
  target_id: string;
  facility_id: string | null;
  reason: string;
  moved: string[];
  source_was_active: boolean;
  merged_by: string;
  merged_at: Date;
  undone_by: string | null;
  undone_at: Date | null;
}

const toMergeRow = (row: RawMergeRow): MergeRow => ({
  id: row.id, sourceId: row.source_id, targetId: row.target_id, facilityId: row.facility_id, reason: row.reason, moved: row.moved,
  sourceWasActive: row.source_was_active, mergedBy: row.merged_by, mergedAt: row.merged_at, undoneBy: row.undone_by, undoneAt: row.undone_at,
});

export async function insertMerge(tx: Db, merge: Omit<MergeRow, 'mergedAt' | 'undoneBy' | 'undoneAt'>): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO patient_merge (id, source_id, target_id, facility_id, reason, moved, source_was_active, merged_by)
    VALUES (${merge.id}, ${merge.sourceId}, ${merge.targetId}, ${merge.facilityId}, ${merge.reason}, ${merge.moved}::text[], ${merge.sourceWasActive}, ${merge.mergedBy})`;
}

/** The merge, locked until the transaction ends (two undos of one merge wait for each other). */
export async function readMergeForUpdate(tx: Db, id: string): Promise<MergeRow | undefined> {
  const rows = await tx.$queryRaw<RawMergeRow[]>`SELECT * FROM patient_merge WHERE id = ${id} FOR UPDATE`;
  return rows[0] ? toMergeRow(rows[0]) : undefined;
}

export async function markUndone(tx: Db, id: string, userId: string): Promise<void> {
  await tx.$executeRaw`UPDATE patient_merge SET undone_by = ${userId}, undone_at = now() WHERE id = ${id}`;
}

/** A patient already merged away (and not undone) cannot be merged again. */
export async function activeMergeOf(tx: Db, sourceId: string): Promise<string | undefined> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM patient_merge WHERE source_id = ${sourceId} AND undone_at IS NULL LIMIT 1`;
  return rows[0]?.id;
}

export async function listMerges(db: Db, facilityId: string | null, limit: number): Promise<MergeRow[]> {
  const facility = facilityId === null ? Prisma.sql`TRUE` : Prisma.sql`facility_id = ${facilityId}`;
  const rows = await db.$queryRaw<RawMergeRow[]>`SELECT * FROM patient_merge WHERE ${facility} ORDER BY merged_at DESC LIMIT ${limit}`;
  return rows.map(toMergeRow);
}

/** Serialises merges touching the same patients. */
export async function lockPatients(tx: Db, ids: string[]): Promise<void> {
  for (const id of [...ids].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`patient-merge:${id}`}))`;
}
