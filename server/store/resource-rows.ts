import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';
import type { TokenEntry } from '../../fhir/search/index-entries.ts';

/** One stored version of a resource, as the database holds it. */
export interface StoredVersion {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: Date;
  deleted: boolean;
  /** The resource JSON exactly as served; null for a deletion. */
  content: string | null;
}

export interface HistoryRow extends StoredVersion {
  seq: bigint;
  method: string;
}

/** A version to write: the caller has already put versionId and lastUpdated into `content`. */
export interface VersionToWrite {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  content: string | null;
  tokens: TokenEntry[];
}

interface RawRow {
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: Date;
  deleted: boolean;
  content: string | null;
}

const toStored = (row: RawRow): StoredVersion => ({
  resourceType: row.resource_type,
  id: row.id,
  versionId: row.version_id,
  lastUpdated: row.last_updated,
  deleted: row.deleted,
  content: row.content,
});

export async function readCurrent(db: Db, resourceType: string, id: string): Promise<StoredVersion | undefined> {
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT resource_type, id, version_id, last_updated, deleted, content
    FROM resource WHERE resource_type = ${resourceType} AND id = ${id}`;
  return rows[0] && toStored(rows[0]);
}

export async function readVersion(
  db: Db,
  resourceType: string,
  id: string,
  versionId: number,
): Promise<StoredVersion | undefined> {
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT resource_type, id, version_id, last_updated, deleted, content
    FROM resource_history WHERE resource_type = ${resourceType} AND id = ${id} AND version_id = ${versionId}`;
  return rows[0] && toStored(rows[0]);
}

function tokenColumns(tokens: TokenEntry[]): [string[], (string | null)[], (string | null)[]] {
  return [tokens.map((t) => t.param), tokens.map((t) => t.system), tokens.map((t) => t.code)];
}

/**
 * Writes version 1 of a resource that has no row yet, with its history and index rows, in one statement.
 * Returns false (writing nothing) when a row with that id already exists.
 */
export async function insertFirstVersion(db: Db, version: VersionToWrite): Promise<boolean> {
  const { resourceType: type, id, versionId, lastUpdated, method, content } = version;
  const [params, systems, codes] = tokenColumns(version.tokens);
  const rows = await db.$queryRaw<{ n: number }[]>`
    WITH r AS (
      INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content)
      VALUES (${type}, ${id}, ${versionId}, ${lastUpdated}::timestamptz, false, ${content})
      ON CONFLICT DO NOTHING RETURNING 1),
    h AS (
      INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content)
      SELECT ${type}, ${id}, ${versionId}, ${lastUpdated}::timestamptz, false, ${method}, ${content} FROM r),
    t AS (
      INSERT INTO search_token (resource_type, resource_id, param, system, code)
      SELECT ${type}, ${id}, p, s, c FROM r, unnest(${params}::text[], ${systems}::text[], ${codes}::text[]) AS x(p, s, c))
    SELECT count(*)::int AS n FROM r`;
  return rows[0].n === 1;
}

/**
 * Writes the version after `versionId - 1` (an update, a re-creation after delete, or a deletion when content is
 * null). Optimistic: returns false, writing nothing, when another writer got there first.
 */
export async function insertNextVersion(db: Db, version: VersionToWrite): Promise<boolean> {
  const { resourceType: type, id, versionId, lastUpdated, method, content } = version;
  const deleted = content === null;
  const [params, systems, codes] = tokenColumns(version.tokens);
  const rows = await db.$queryRaw<{ n: number }[]>`
    WITH r AS (
      UPDATE resource SET version_id = ${versionId}, last_updated = ${lastUpdated}::timestamptz,
        deleted = ${deleted}, content = ${content}
      WHERE resource_type = ${type} AND id = ${id} AND version_id = ${versionId - 1} RETURNING 1),
    h AS (
      INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content)
      SELECT ${type}, ${id}, ${versionId}, ${lastUpdated}::timestamptz, ${deleted}, ${method}, ${content} FROM r),
    d AS (
      DELETE FROM search_token WHERE resource_type = ${type} AND resource_id = ${id} AND EXISTS (SELECT 1 FROM r)),
    t AS (
      INSERT INTO search_token (resource_type, resource_id, param, system, code)
      SELECT ${type}, ${id}, p, s, c FROM r, unnest(${params}::text[], ${systems}::text[], ${codes}::text[]) AS x(p, s, c))
    SELECT count(*)::int AS n FROM r`;
  return rows[0].n === 1;
}

/** Version 1 of many new resources at once (demo data, the generator): three multi-row statements. */
export async function insertManyFirstVersions(db: Db, versions: VersionToWrite[]): Promise<void> {
  if (versions.length === 0) return;
  const types = versions.map((v) => v.resourceType);
  const ids = versions.map((v) => v.id);
  const times = versions.map((v) => v.lastUpdated);
  const contents = versions.map((v) => v.content);
  await db.$executeRaw`
    INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content)
    SELECT t, i, 1, u::timestamptz, false, c FROM unnest(${types}::text[], ${ids}::text[], ${times}::text[], ${contents}::text[]) AS x(t, i, u, c)`;
  await db.$executeRaw`
    INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content)
    SELECT t, i, 1, u::timestamptz, false, 'POST', c FROM unnest(${types}::text[], ${ids}::text[], ${times}::text[], ${contents}::text[]) AS x(t, i, u, c)`;
  const tokens = versions.flatMap((v) => v.tokens.map((token) => ({ ...token, type: v.resourceType, id: v.id })));
  if (tokens.length === 0) return;
  const [params, systems, codes] = tokenColumns(tokens);
  await db.$executeRaw`
    INSERT INTO search_token (resource_type, resource_id, param, system, code)
    SELECT * FROM unnest(${tokens.map((t) => t.type)}::text[], ${tokens.map((t) => t.id)}::text[], ${params}::text[], ${systems}::text[], ${codes}::text[])`;
}

export interface HistoryQuery {
  resourceType?: string;
  id?: string;
  /** Only versions older than this history sequence number (the paging cursor). */
  beforeSeq?: bigint;
  since?: string;
  limit: number;
}

/** History newest first, paged by sequence number so that concurrent writes never shift a page. */
export async function readHistory(db: Db, query: HistoryQuery): Promise<HistoryRow[]> {
  const conditions = [Prisma.sql`TRUE`];
  if (query.resourceType) conditions.push(Prisma.sql`resource_type = ${query.resourceType}`);
  if (query.id) conditions.push(Prisma.sql`id = ${query.id}`);
  if (query.beforeSeq !== undefined) conditions.push(Prisma.sql`seq < ${query.beforeSeq}`);
  if (query.since) conditions.push(Prisma.sql`last_updated >= ${query.since}::timestamptz`);
  const rows = await db.$queryRaw<(RawRow & { seq: bigint; method: string })[]>`
    SELECT seq, resource_type, id, version_id, last_updated, deleted, method, content FROM resource_history
    WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY seq DESC LIMIT ${query.limit}`;
  return rows.map((row) => ({ ...toStored(row), seq: BigInt(row.seq), method: row.method }));
}

export async function countHistory(db: Db, query: Omit<HistoryQuery, 'beforeSeq' | 'limit'>): Promise<number> {
  const conditions = [Prisma.sql`TRUE`];
  if (query.resourceType) conditions.push(Prisma.sql`resource_type = ${query.resourceType}`);
  if (query.id) conditions.push(Prisma.sql`id = ${query.id}`);
  if (query.since) conditions.push(Prisma.sql`last_updated >= ${query.since}::timestamptz`);
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM resource_history WHERE ${Prisma.join(conditions, ' AND ')}`;
  return rows[0].n;
}
