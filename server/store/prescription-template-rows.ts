// SQL of a doctor's prescription templates and starred drugs (prisma/migrations/0006_prescription_templates). Every
// statement names the owner: a row of another user is never read, changed or deleted, whatever id is asked for.
import type { Db } from '../db/client.ts';
import type { DosageInput } from '../../fhir/prescription/dosage.ts';
import type { PrescriptionInputLine } from '../../fhir/prescription/prescription-input.ts';
import type { TemplateLine } from '../../fhir/prescription/prescription-template.ts';

export interface TemplateRow {
  id: string;
  name: string;
  lines: TemplateLine[];
  createdAt: Date;
  updatedAt: Date;
}

interface RawTemplateRow {
  id: string;
  name: string;
  lines: string;
  created_at: Date;
  updated_at: Date;
}

const toTemplateRow = (row: RawTemplateRow): TemplateRow => ({
  id: row.id,
  name: row.name,
  lines: JSON.parse(row.lines) as TemplateLine[],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Serialises one doctor's template and favourite writes, so the name check and the caps hold under concurrency. */
export async function lockOwner(tx: Db, ownerId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`prescription-template:${ownerId}`}))`;
}

export async function listTemplates(db: Db, ownerId: string): Promise<TemplateRow[]> {
  const rows = await db.$queryRaw<RawTemplateRow[]>`
    SELECT id, name, lines, created_at, updated_at FROM prescription_template WHERE owner_id = ${ownerId} ORDER BY name_key, id`;
  return rows.map(toTemplateRow);
}

export async function readTemplate(db: Db, ownerId: string, id: string): Promise<TemplateRow | undefined> {
  const rows = await db.$queryRaw<RawTemplateRow[]>`
    SELECT id, name, lines, created_at, updated_at FROM prescription_template WHERE owner_id = ${ownerId} AND id = ${id}`;
  return rows[0] && toTemplateRow(rows[0]);
}

export async function countTemplates(db: Db, ownerId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM prescription_template WHERE owner_id = ${ownerId}`;
  return Number(rows[0].n);
}

/** The id of the owner's template with this name key, if any. */
export async function templateNamed(db: Db, ownerId: string, nameKey: string): Promise<string | undefined> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM prescription_template WHERE owner_id = ${ownerId} AND name_key = ${nameKey}`;
  return rows[0]?.id;
}

export async function insertTemplate(tx: Db, ownerId: string, row: { id: string; name: string; nameKey: string; lines: TemplateLine[] }): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO prescription_template (id, owner_id, name, name_key, lines)
    VALUES (${row.id}, ${ownerId}, ${row.name}, ${row.nameKey}, ${JSON.stringify(row.lines)})`;
}

export async function updateTemplate(tx: Db, ownerId: string, id: string, row: { name: string; nameKey: string; lines: TemplateLine[] }): Promise<void> {
  await tx.$executeRaw`
    UPDATE prescription_template SET name = ${row.name}, name_key = ${row.nameKey}, lines = ${JSON.stringify(row.lines)}, updated_at = now()
    WHERE owner_id = ${ownerId} AND id = ${id}`;
}

/** True when the owner had this template. */
export async function deleteTemplate(db: Db, ownerId: string, id: string): Promise<boolean> {
  return (await db.$executeRaw`DELETE FROM prescription_template WHERE owner_id = ${ownerId} AND id = ${id}`) > 0;
}

export interface FavouriteRow {
  medicationId: string;
  dosage?: DosageInput;
}

/** The owner's starred drugs, most recently starred first. */
export async function listFavourites(db: Db, ownerId: string): Promise<FavouriteRow[]> {
  const rows = await db.$queryRaw<{ medication_id: string; dosage: string | null }[]>`
    SELECT medication_id, dosage FROM favourite_drug WHERE owner_id = ${ownerId} ORDER BY starred_at DESC, medication_id`;
  return rows.map((row) => ({ medicationId: row.medication_id, ...(row.dosage ? { dosage: JSON.parse(row.dosage) as DosageInput } : {}) }));
}

export async function countFavourites(db: Db, ownerId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM favourite_drug WHERE owner_id = ${ownerId}`;
  return Number(rows[0].n);
}

/** Stars a drug, or replaces the dosage of a starred one (a null dosage keeps the one it has). */
export async function upsertFavourite(tx: Db, ownerId: string, medicationId: string, dosage: DosageInput | undefined): Promise<void> {
  const json = dosage ? JSON.stringify(dosage) : null;
  await tx.$executeRaw`
    INSERT INTO favourite_drug (owner_id, medication_id, dosage) VALUES (${ownerId}, ${medicationId}, ${json})
    ON CONFLICT (owner_id, medication_id) DO UPDATE SET dosage = COALESCE(EXCLUDED.dosage, favourite_drug.dosage)`;
}

export async function deleteFavourite(db: Db, ownerId: string, medicationId: string): Promise<boolean> {
  return (await db.$executeRaw`DELETE FROM favourite_drug WHERE owner_id = ${ownerId} AND medication_id = ${medicationId}`) > 0;
}

/** A signed prescription's dosages become the starting dosage of the drugs the doctor starred: the last one used. */
export async function rememberFavouriteDosages(tx: Db, ownerId: string, lines: readonly PrescriptionInputLine[]): Promise<void> {
  for (const line of lines) {
    await tx.$executeRaw`
      UPDATE favourite_drug SET dosage = ${JSON.stringify(line.dosage)} WHERE owner_id = ${ownerId} AND medication_id = ${line.medicationId}`;
  }
}
