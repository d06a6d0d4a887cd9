import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';
import type { AuditEntry } from './audit-event.ts';
import { chainHash, GENESIS_HASH, type ChainedFields } from './audit-chain.ts';

/** The newest entry of the chain: the next entry follows it. */
export interface ChainHead {
  seq: bigint;
  hash: string;
}

const MAX_APPEND_ATTEMPTS = 100;

export async function readChainHead(db: Db): Promise<ChainHead> {
  const [last] = await db.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`;
  return last ? { seq: BigInt(last.seq), hash: last.hash } : { seq: 0n, hash: GENESIS_HASH };
}

/**
 * Appends entries in order to the hash chain after `head` (read when not known) and returns the new head. One
 * statement, no transaction: it inserts only while `head` is still the newest entry, and the primary key on `seq`
 * lets only one of two racing inserts win. A writer that finds it lost (another Sen process appended) re-reads
 * the head and chains its entries again, so the chain stays one line however many processes write.
 */
export async function appendAuditEntries(db: Db, entries: AuditEntry[], head?: ChainHead): Promise<ChainHead> {
  let after = head ?? (await readChainHead(db));
  if (entries.length === 0) return after;
  for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
    let previous = after;
    const rows = entries.map((entry) => {
      const seq = previous.seq + 1n;
      const row = { ...entry, seq, prevHash: previous.hash, hash: chainHash(previous.hash, { ...entry, seq }) };
      previous = row;
      return row;
    });
    // One JSON parameter for the whole batch: far cheaper to hand to the driver than nine parallel arrays.
    // A FHIR id never holds a comma, so each row's patient ids travel as one comma-joined text.
    const json = JSON.stringify(rows.map((row) => ({
      seq: row.seq.toString(), id: row.id, recorded: row.recorded.toISOString(), facility_id: row.facilityId, agent_id: row.agentId,
      patients: row.patientIds.join(','), content: row.content, prev_hash: row.prevHash, hash: row.hash,
    })));
    let inserted = 0;
    try {
      inserted = await db.$executeRaw`
        INSERT INTO audit_event (seq, id, recorded, facility_id, agent_id, patient_ids, content, prev_hash, hash)
        SELECT x.seq, x.id, x.recorded, x.facility_id, x.agent_id, string_to_array(x.patients, ','), x.content, x.prev_hash, x.hash
        FROM json_to_recordset(${json}::json) AS x(seq bigint, id text, recorded timestamptz, facility_id text, agent_id text,
          patients text, content text, prev_hash text, hash text)
        WHERE NOT EXISTS (SELECT 1 FROM audit_event WHERE seq > ${after.seq})`;
    } catch (error) {
      if (!isDuplicateSeq(error)) throw error;
    }
    if (inserted === rows.length) return { seq: previous.seq, hash: previous.hash };
    after = await readChainHead(db);
  }
  throw new Error('The audit trail is being appended to by too many processes at once');
}

/** The primary key refused the sequence numbers: another process appended them first. */
function isDuplicateSeq(error: unknown): boolean {
  return /audit_event_pkey/.test(String((error as { message?: unknown })?.message ?? ''));
}

export interface StoredAuditRow extends ChainedFields {
  prevHash: string;
  hash: string;
}

interface RawAuditRow {
  seq: bigint;
  id: string;
  recorded: Date;
  facility_id: string | null;
  agent_id: string | null;
  patient_ids: string[];
  content: string;
  prev_hash: string;
  hash: string;
}

const toStored = (row: RawAuditRow): StoredAuditRow => ({
  seq: BigInt(row.seq),
  id: row.id,
  recorded: row.recorded,
  facilityId: row.facility_id,
  agentId: row.agent_id,
  patientIds: row.patient_ids,
  content: row.content,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** Rows in chain order after `afterSeq`, a page at a time (the verifier walks the whole trail this way). */
export async function readAuditRows(db: Db, afterSeq: bigint, limit: number): Promise<StoredAuditRow[]> {
  const rows = await db.$queryRaw<RawAuditRow[]>`
    SELECT seq, id, recorded, facility_id, agent_id, patient_ids, content, prev_hash, hash
    FROM audit_event WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`;
  return rows.map(toStored);
}

export interface AuditQuery {
  patientIds?: string[];
  agentIds?: string[];
  /** Each a SQL comparison on `recorded`, ANDed. */
  recorded: { comparator: '<' | '<=' | '>' | '>='; instant: string }[];
  ids?: string[];
  /** Newest first: only entries before this sequence number (the paging cursor). */
  beforeSeq?: bigint;
  limit: number;
  /** Whose entries a facility administrator may read; undefined = all (system administrators). */
  facilityId?: string | null;
}

/**
 * Audit entries newest first. A facility administrator sees what their own staff did and what anybody did to their
 * facility's patients (break-the-glass from elsewhere included).
 */
export async function searchAuditRows(db: Db, query: AuditQuery): Promise<{ seq: bigint; id: string; content: string }[]> {
  const conditions = [Prisma.sql`TRUE`];
  if (query.patientIds) conditions.push(Prisma.sql`a.patient_ids && ${query.patientIds}::text[]`);
  if (query.agentIds) conditions.push(Prisma.sql`a.agent_id = ANY(${query.agentIds}::text[])`);
  if (query.ids) conditions.push(Prisma.sql`a.id = ANY(${query.ids}::text[])`);
  for (const { comparator, instant } of query.recorded) {
    conditions.push(Prisma.sql`a.recorded ${Prisma.raw(comparator)} ${instant}::timestamptz`);
  }
  if (query.beforeSeq !== undefined) conditions.push(Prisma.sql`a.seq < ${query.beforeSeq}`);
  if (query.facilityId !== undefined) {
    conditions.push(Prisma.sql`(a.facility_id = ${query.facilityId} OR EXISTS (SELECT 1 FROM resource p
      WHERE p.resource_type = 'Patient' AND p.id = ANY(a.patient_ids) AND p.facility_id = ${query.facilityId}))`);
  }
  const rows = await db.$queryRaw<{ seq: bigint; id: string; content: string }[]>`
    SELECT a.seq, a.id, a.content FROM audit_event a WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY a.seq DESC LIMIT ${query.limit}`;
  return rows.map((row) => ({ seq: BigInt(row.seq), id: row.id, content: row.content }));
}
