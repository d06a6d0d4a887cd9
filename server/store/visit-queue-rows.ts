// SQL of the registration desk's visit queue (prisma/migrations/0004_visit_queue): queue numbers, the room's list
// for the day, rooms and facilities. Access conditions come from the caller (Access.rowFilter), as for search.
import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';
import type { RowFilter } from '../access/access.ts';

/**
 * The next queue number of a room for a day: one upsert, so the counter row stays locked until the caller's
 * transaction ends. Concurrent registrations for the same room wait for each other and each gets the next number;
 * a transaction that fails gives its number back, so the numbers have no gaps.
 */
export async function nextQueueNumber(tx: Db, locationId: string, day: string): Promise<number> {
  const rows = await tx.$queryRaw<{ last_number: number }[]>`
    INSERT INTO visit_queue_counter (location_id, queue_day, last_number) VALUES (${locationId}, ${day}::date, 1)
    ON CONFLICT (location_id, queue_day) DO UPDATE SET last_number = visit_queue_counter.last_number + 1
    RETURNING last_number`;
  return Number(rows[0].last_number);
}

export interface QueueEntryToWrite {
  encounterId: string;
  facilityId: string | null;
  locationId: string;
  day: string;
  number: number;
  patientId: string;
  priorityRank: number;
}

export async function insertQueueEntry(tx: Db, entry: QueueEntryToWrite): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO visit_queue_entry (encounter_id, facility_id, location_id, queue_day, number, patient_id, priority_rank)
    VALUES (${entry.encounterId}, ${entry.facilityId}, ${entry.locationId}, ${entry.day}::date, ${entry.number}, ${entry.patientId}, ${entry.priorityRank})`;
}

export interface QueueRow {
  encounterId: string;
  locationId: string;
  day: string;
  number: number;
  patientId: string;
  priorityRank: number;
  registeredAt: Date;
  calledAt: Date | null;
  encounter: string;
  patient: string | null;
}

interface RawQueueRow {
  encounter_id: string;
  location_id: string;
  day: string;
  number: number;
  patient_id: string;
  priority_rank: number;
  registered_at: Date;
  called_at: Date | null;
  encounter: string;
  patient: string | null;
}

const toQueueRow = (row: RawQueueRow): QueueRow => ({
  encounterId: row.encounter_id,
  locationId: row.location_id,
  day: row.day,
  number: Number(row.number),
  patientId: row.patient_id,
  priorityRank: Number(row.priority_rank),
  registeredAt: row.registered_at,
  calledAt: row.called_at,
  encounter: row.encounter,
  patient: row.patient,
});

/** The queue of rooms for a day, in number order, with each visit's Encounter and Patient as stored. */
export async function readQueue(db: Db, locationIds: readonly string[], day: string, filter: RowFilter): Promise<QueueRow[]> {
  const rows = await db.$queryRaw<RawQueueRow[]>`
    SELECT q.encounter_id, q.location_id, to_char(q.queue_day, 'YYYY-MM-DD') AS day, q.number, q.patient_id, q.priority_rank,
           q.registered_at, q.called_at, e.content AS encounter, p.content AS patient
    FROM visit_queue_entry q
    JOIN resource e ON e.resource_type = 'Encounter' AND e.id = q.encounter_id AND NOT e.deleted AND ${filter.condition('e')}
    LEFT JOIN resource p ON p.resource_type = 'Patient' AND p.id = q.patient_id AND NOT p.deleted AND ${filter.condition('p')}
    WHERE q.location_id = ANY(${[...locationIds]}::text[]) AND q.queue_day = ${day}::date
    ORDER BY q.location_id, q.number`;
  return rows.map(toQueueRow);
}

export async function readQueueEntry(db: Db, encounterId: string): Promise<{ locationId: string; day: string; number: number } | undefined> {
  const rows = await db.$queryRaw<{ location_id: string; day: string; number: number }[]>`
    SELECT location_id, to_char(queue_day, 'YYYY-MM-DD') AS day, number FROM visit_queue_entry WHERE encounter_id = ${encounterId}`;
  return rows[0] ? { locationId: rows[0].location_id, day: rows[0].day, number: Number(rows[0].number) } : undefined;
}

export async function markCalled(tx: Db, encounterId: string): Promise<void> {
  await tx.$executeRaw`UPDATE visit_queue_entry SET called_at = now() WHERE encounter_id = ${encounterId}`;
}

/** Serialises "call the next patient" in one room, so two doctors never call the same one. */
export async function lockRoomQueue(tx: Db, locationId: string, day: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`visit-queue:${locationId}:${day}`}))`;
}

/** Patients most recently registered for a visit at a facility (all facilities for null), newest first. */
export async function recentQueuedPatients(db: Db, facilityId: string | null, limit: number, filter: RowFilter): Promise<string[]> {
  const facility = facilityId === null ? Prisma.sql`TRUE` : Prisma.sql`q.facility_id = ${facilityId}`;
  const rows = await db.$queryRaw<{ content: string }[]>`
    SELECT p.content FROM (
      SELECT patient_id, max(registered_at) AS last_seen FROM (
        SELECT q.patient_id, q.registered_at FROM visit_queue_entry q WHERE ${facility} ORDER BY q.registered_at DESC LIMIT ${limit * 10}
      ) recent GROUP BY patient_id
    ) seen
    JOIN resource p ON p.resource_type = 'Patient' AND p.id = seen.patient_id AND NOT p.deleted AND ${filter.condition('p')}
    ORDER BY seen.last_seen DESC LIMIT ${limit}`;
  return rows.map((row) => row.content);
}

export interface StoredDirectoryRow {
  id: string;
  facilityId: string | null;
  content: string;
}

/** Live resources of one shared type (Location, Organization, the catalogue's Medication) owned by a facility (any facility for null). */
export async function readDirectory(db: Db, resourceType: 'Location' | 'Organization' | 'Medication', facilityId: string | null, limit = 500): Promise<StoredDirectoryRow[]> {
  const facility = facilityId === null ? Prisma.sql`TRUE` : Prisma.sql`facility_id = ${facilityId}`;
  const rows = await db.$queryRaw<{ id: string; facility_id: string | null; content: string }[]>`
    SELECT id, facility_id, content FROM resource
    WHERE resource_type = ${resourceType} AND NOT deleted AND content IS NOT NULL AND ${facility}
    ORDER BY id LIMIT ${limit}`;
  return rows.map((row) => ({ id: row.id, facilityId: row.facility_id, content: row.content }));
}
