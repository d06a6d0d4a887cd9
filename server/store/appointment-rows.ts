// SQL of the desk's appointments. Appointments are FHIR resources like any other; these queries read them through
// the search index (Appointment `date`, `patient`, `location`; Encounter `appointment`), with the caller's access
// conditions (Access.rowFilter) as for search.
import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';
import type { RowFilter } from '../access/access.ts';

export interface AppointmentCriteria {
  /** Appointments starting in [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
  ids?: readonly string[];
  patientId?: string;
  locationIds?: readonly string[];
}

export interface AppointmentRow {
  id: string;
  versionId: number;
  content: string;
  /** The patient's record as stored, when the caller may see it. */
  patient: string | null;
  /** The visit it was checked in as, with its queue number. */
  encounterId: string | null;
  number: number | null;
}

const byReference = (param: string, targetIds: readonly string[]): Prisma.Sql => Prisma.sql`a.id IN (
  SELECT r.resource_id FROM search_reference r
  WHERE r.resource_type = 'Appointment' AND r.param = ${param} AND r.target_id = ANY(${[...targetIds]}::text[]))`;

export async function readAppointments(db: Db, criteria: AppointmentCriteria, filter: RowFilter): Promise<AppointmentRow[]> {
  const conditions: Prisma.Sql[] = [];
  if (criteria.fromMs !== undefined && criteria.toMs !== undefined) {
    conditions.push(Prisma.sql`a.id IN (
      SELECT d.resource_id FROM search_date d
      WHERE d.resource_type = 'Appointment' AND d.param = 'date' AND d.low >= ${new Date(criteria.fromMs)} AND d.low < ${new Date(criteria.toMs)})`);
  }
  if (criteria.ids) conditions.push(Prisma.sql`a.id = ANY(${[...criteria.ids]}::text[])`);
  if (criteria.patientId) conditions.push(byReference('patient', [criteria.patientId]));
  if (criteria.locationIds) conditions.push(byReference('location', criteria.locationIds));
  const rows = await db.$queryRaw<{ id: string; version_id: number; content: string; patient: string | null; encounter_id: string | null; number: number | null }[]>`
    SELECT a.id, a.version_id, a.content, patient.content AS patient, visit.encounter_id, visit.number
    FROM resource a
    LEFT JOIN LATERAL (
      SELECT p.content FROM search_reference r
      JOIN resource p ON p.resource_type = 'Patient' AND p.id = r.target_id AND NOT p.deleted AND ${filter.condition('p')}
      WHERE r.resource_type = 'Appointment' AND r.resource_id = a.id AND r.param = 'patient'
      LIMIT 1
    ) patient ON TRUE
    LEFT JOIN LATERAL (
      SELECT q.encounter_id, q.number FROM search_reference r
      JOIN visit_queue_entry q ON q.encounter_id = r.resource_id
      JOIN resource e ON e.resource_type = 'Encounter' AND e.id = r.resource_id AND NOT e.deleted
      WHERE r.resource_type = 'Encounter' AND r.param = 'appointment' AND r.target_id = a.id
      ORDER BY q.registered_at
      LIMIT 1
    ) visit ON TRUE
    WHERE a.resource_type = 'Appointment' AND NOT a.deleted AND a.content IS NOT NULL AND ${filter.condition('a')}
      AND ${conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`}
    ORDER BY a.id`;
  return rows.map((row) => ({
    id: row.id,
    versionId: Number(row.version_id),
    content: row.content,
    patient: row.patient,
    encounterId: row.encounter_id,
    number: row.number === null ? null : Number(row.number),
  }));
}

/**
 * Serialises the bookings and status changes that could clash: one key per patient, room-day or appointment. Keys
 * are locked in sorted order, so two transactions locking overlapping sets cannot deadlock.
 */
export async function lockAppointmentKeys(tx: Db, keys: readonly string[]): Promise<void> {
  for (const key of [...keys].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`appointment:${key}`}))`;
}
