// The outbox tables (migration 0005_outbox) in SQL. Every statement stands alone: a worker never holds a transaction
// while it talks to a peer, which matters most on the embedded database and its single connection.
import type { Db, PrismaClient } from '../db/client.ts';

export type OutboxStatus = 'pending' | 'in_flight' | 'delivered' | 'failed';
export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'interrupted';

export interface ClaimedMessage {
  id: number;
  topic: string;
  key: string;
  payload: unknown;
  /** Number of this attempt, from 1. */
  attempt: number;
}

export interface OutboxEntry {
  id: number;
  topic: string;
  key: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt?: Date;
  /** The peer's receipt once delivered. */
  result?: unknown;
  lastError?: string;
}

export interface AttemptRecord {
  attempt: number;
  worker: string;
  startedAt: Date;
  finishedAt?: Date;
  outcome?: AttemptOutcome | 'lease-expired';
  httpStatus?: number;
  detail?: string;
}

/** Adds a message unless one with the key exists; true when this call added it. */
export async function insertMessage(db: Db, topic: string, key: string, payload: unknown): Promise<{ id: number; created: boolean }> {
  const inserted = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO outbox_message (topic, idempotency_key, payload) VALUES (${topic}, ${key}, ${JSON.stringify(payload)})
    ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`;
  if (inserted.length) return { id: Number(inserted[0].id), created: true };
  const [existing] = await db.$queryRaw<{ id: bigint }[]>`SELECT id FROM outbox_message WHERE idempotency_key = ${key}`;
  return { id: Number(existing.id), created: false };
}

interface MessageRow {
  id: bigint;
  topic: string;
  key: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  delivered_at: Date | null;
  result: string | null;
  last_error: string | null;
}

export async function selectMessage(db: Db, key: string): Promise<OutboxEntry | undefined> {
  const [row] = await db.$queryRaw<MessageRow[]>`
    SELECT id, topic, idempotency_key AS key, status, attempts, next_attempt_at, created_at, delivered_at, result, last_error
    FROM outbox_message WHERE idempotency_key = ${key}`;
  if (!row) return undefined;
  const entry: OutboxEntry = {
    id: Number(row.id),
    topic: row.topic,
    key: row.key,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
  if (row.delivered_at) entry.deliveredAt = row.delivered_at;
  if (row.result !== null) entry.result = JSON.parse(row.result);
  if (row.last_error !== null) entry.lastError = row.last_error;
  return entry;
}

export async function selectAttempts(db: Db, messageId: number): Promise<AttemptRecord[]> {
  const rows = await db.$queryRaw<
    { attempt: number; worker: string; started_at: Date; finished_at: Date | null; outcome: string | null; http_status: number | null; detail: string | null }[]
  >`SELECT attempt, worker, started_at, finished_at, outcome, http_status, detail FROM outbox_attempt WHERE message_id = ${messageId} ORDER BY attempt`;
  return rows.map((row) => {
    const record: AttemptRecord = { attempt: row.attempt, worker: row.worker, startedAt: row.started_at };
    if (row.finished_at) record.finishedAt = row.finished_at;
    if (row.outcome) record.outcome = row.outcome as AttemptRecord['outcome'];
    if (row.http_status !== null) record.httpStatus = row.http_status;
    if (row.detail !== null) record.detail = row.detail;
    return record;
  });
}

/**
 * Claims up to `limit` messages of the topics that are due, or whose claim's lease ran out (the worker holding them
 * died): SKIP LOCKED lets several processes claim at once without taking the same row. The claim counts an attempt
 * and opens its record; an attempt left open by a vanished worker is closed as lease-expired.
 */
export async function claimDue(prisma: PrismaClient, topics: readonly string[], worker: string, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const rows = await prisma.$queryRaw<{ id: bigint; topic: string; key: string; payload: string; attempts: number }[]>`
    WITH due AS (
      SELECT id FROM outbox_message
      WHERE topic = ANY(${[...topics]}::text[])
        AND ((status = 'pending' AND next_attempt_at <= now()) OR (status = 'in_flight' AND locked_until < now()))
      ORDER BY next_attempt_at, id
      LIMIT ${limit}::integer
      FOR UPDATE SKIP LOCKED
    ), abandoned AS (
      UPDATE outbox_attempt a SET finished_at = now(), outcome = 'lease-expired'
      FROM due WHERE a.message_id = due.id AND a.finished_at IS NULL
      RETURNING a.message_id
    ), claimed AS (
      UPDATE outbox_message m
      SET status = 'in_flight', attempts = m.attempts + 1, locked_by = ${worker},
          locked_until = now() + ${leaseMs}::integer * interval '1 millisecond', updated_at = now()
      FROM due WHERE m.id = due.id
      RETURNING m.id, m.topic, m.idempotency_key, m.payload, m.attempts
    ), opened AS (
      INSERT INTO outbox_attempt (message_id, attempt, worker) SELECT id, attempts, ${worker} FROM claimed
    )
    SELECT id, topic, idempotency_key AS key, payload, attempts FROM claimed ORDER BY id`;
  return rows.map((row) => ({ id: Number(row.id), topic: row.topic, key: row.key, payload: JSON.parse(row.payload), attempt: row.attempts }));
}

export interface AttemptResult {
  outcome: AttemptOutcome;
  /** The message's status afterwards. */
  status: OutboxStatus;
  /** For pending messages: how long until the next attempt. */
  delayMs: number;
  httpStatus?: number;
  /** The peer's receipt (delivered) or the error (otherwise). */
  result?: unknown;
  error?: string;
}

/**
 * Closes an attempt and moves the message on, only if this worker still holds the claim: when its lease ran out and
 * another worker took the message over, the other worker's result is the one that counts. False in that case.
 */
export async function recordAttempt(prisma: PrismaClient, message: ClaimedMessage, worker: string, result: AttemptResult): Promise<boolean> {
  const delivered = result.status === 'delivered';
  const detail = result.error ?? (result.result === undefined ? null : JSON.stringify(result.result));
  const rows = await prisma.$queryRaw<{ id: bigint }[]>`
    WITH closed AS (
      UPDATE outbox_attempt SET finished_at = now(), outcome = ${result.outcome}, http_status = ${result.httpStatus ?? null}::integer, detail = ${detail}
      WHERE message_id = ${message.id} AND attempt = ${message.attempt} AND finished_at IS NULL
    )
    UPDATE outbox_message
    SET status = ${result.status}, locked_by = NULL, locked_until = NULL, updated_at = now(),
        next_attempt_at = now() + ${result.delayMs}::integer * interval '1 millisecond',
        result = ${delivered ? JSON.stringify(result.result ?? null) : null},
        last_error = ${delivered ? null : (result.error ?? null)},
        delivered_at = CASE WHEN ${delivered}::boolean THEN now() ELSE NULL END
    WHERE id = ${message.id} AND locked_by = ${worker} AND attempts = ${message.attempt} AND status = 'in_flight'
    RETURNING id`;
  return rows.length > 0;
}

export interface BacklogRow {
  topic: string;
  status: 'pending' | 'in_flight';
  messages: number;
  /** Seconds since the oldest of them was queued. */
  oldestSeconds: number;
}

/**
 * Messages not yet delivered or failed, per topic and status, with the age of the oldest. Each arm names one status
 * so that it reads only the rows of that status's partial index (outbox_message_due, outbox_message_leased), not
 * the delivered history, however long it grows.
 */
export async function selectBacklog(db: Db): Promise<BacklogRow[]> {
  const rows = await db.$queryRaw<{ topic: string; status: BacklogRow['status']; messages: number; oldest_seconds: number }[]>`
    SELECT topic, 'pending' AS status, count(*)::integer AS messages, extract(epoch FROM now() - min(created_at))::float8 AS oldest_seconds
    FROM outbox_message WHERE status = 'pending' GROUP BY topic
    UNION ALL
    SELECT topic, 'in_flight', count(*)::integer, extract(epoch FROM now() - min(created_at))::float8
    FROM outbox_message WHERE status = 'in_flight' GROUP BY topic`;
  return rows.map((row) => ({ topic: row.topic, status: row.status, messages: row.messages, oldestSeconds: row.oldest_seconds }));
}
