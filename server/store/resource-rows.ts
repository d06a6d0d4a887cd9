import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';
import type { IndexEntries } from '../../fhir/search/index-entries.ts';
import { deleteIndexCtes, insertIndexCtes, insertManyIndexRows } from './search/index-rows.ts';
import { applySearchParameterWrite } from './search/custom-parameters.ts';
import { insertManyIndicatorRows, replaceIndicatorCtes } from './indicator-rows.ts';
import type { IndicatorContributions } from '../../fhir/indicators/contributions.ts';

/** One stored version of a resource, as the database holds it. */
export interface StoredVersion {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: Date;
  deleted: boolean;
  /** The resource JSON exactly as served; null for a deletion. */
  content: string | null;
  /** The facility that owns the resource (facility isolation); null for rows no facility owns. */
  facilityId: string | null;
  /** The patients whose compartment this version is in. */
  patientIds: string[];
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
  /** The search index rows of this version (none for a deletion). */
  index: IndexEntries;
  facilityId: string | null;
  patientIds: string[];
  /** What this version contributes to the health indicators (none for a deletion). */
  indicators: IndicatorContributions;
}

interface RawRow {
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: Date;
  deleted: boolean;
  content: string | null;
  facility_id: string | null;
  patient_ids: string[];
}

const toStored = (row: RawRow): StoredVersion => ({
  resourceType: row.resource_type,
  id: row.id,
  versionId: row.version_id,
  lastUpdated: row.last_updated,
  deleted: row.deleted,
  content: row.content,
  facilityId: row.facility_id,
  patientIds: row.patient_ids,
});

export async function readCurrent(db: Db, resourceType: string, id: string): Promise<StoredVersion | undefined> {
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT resource_type, id, version_id, last_updated, deleted, content, facility_id, patient_ids
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
    SELECT resource_type, id, version_id, last_updated, deleted, content, facility_id, patient_ids
    FROM resource_history WHERE resource_type = ${resourceType} AND id = ${id} AND version_id = ${versionId}`;
  return rows[0] && toStored(rows[0]);
}

/**
 * Writes version 1 of a resource that has no row yet, with its history, index and indicator rows, in one statement.
 * Returns false (writing nothing) when a row with that id already exists.
 */
export async function insertFirstVersion(db: Db, version: VersionToWrite): Promise<boolean> {
  const { resourceType: type, id, versionId, lastUpdated, method, content, facilityId, patientIds } = version;
  const rows = await db.$queryRaw<{ n: number }[]>`
    WITH r AS (
      INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content, facility_id, patient_ids)
      VALUES (${type}, ${id}, ${versionId}, ${lastUpdated}::timestamptz, false, ${content}, ${facilityId}, ${patientIds}::text[])
      ON CONFLICT DO NOTHING RETURNING resource_type, id),
    h AS (
      INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content, facility_id, patient_ids)
      SELECT ${type}, ${id}, ${versionId}, ${lastUpdated}::timestamptz, false, ${method}, ${content}, ${facilityId}, ${patientIds}::text[] FROM r)
    ${insertIndexCtes(version.index, 'r')}
    ${replaceIndicatorCtes(version, 'r')}
    SELECT count(*)::int AS n FROM r`;
  const written = rows[0].n === 1;
  if (written) applySearchParameterWrite(version);
  return written;
}

/**
 * Writes the version after `versionId - 1` (an update, a re-creation after delete, or a deletion when content is
 * null). Optimistic: returns false, writing nothing, when another writer got there first.
 */
export async function insertNextVersion(db: Db, version: VersionToWrite): Promise<boolean> {
  const { resourceType: type, id, versionId, lastUpdated, method, content, facilityId, patientIds } = version;
  const deleted = content === null;
  const rows = await db.$queryRaw<{ n: number }[]>`
    WITH r AS (
      UPDATE resource SET version_id = ${versionId}, last_updated = ${lastUpdated}::timestamptz,
        deleted = ${deleted}, content = ${content}, facility_id = ${facilityId}, patient_ids = ${patientIds}::text[]
      WHERE resource_type = ${type} AND id = ${id} AND version_id = ${versionId - 1} RETURNING resource_type, id),
    h AS (
      INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content, facility_id, patient_ids)
      SELECT ${type}, ${id}, ${versionId}, ${lastUpdated}::timestamptz, ${deleted}, ${method}, ${content}, ${facilityId}, ${patientIds}::text[] FROM r)
    ${deleteIndexCtes('r')}
    ${insertIndexCtes(version.index, 'r')}
    ${replaceIndicatorCtes(version, 'r')}
    SELECT count(*)::int AS n FROM r`;
  const written = rows[0].n === 1;
  if (written) applySearchParameterWrite(version);
  return written;
}

/** Version 1 of many new resources at once (demo data, the generator): multi-row statements, one per table. */
export async function insertManyFirstVersions(db: Db, versions: VersionToWrite[]): Promise<void> {
  if (versions.length === 0) return;
  // The rows travel as one JSON text, stringified once for both tables: turning thousands of long strings into
  // driver arrays costs the Node process far more, and Node is what limits bulk loading.
  const rows = JSON.stringify(versions.map((v) => ({ t: v.resourceType, i: v.id, u: v.lastUpdated, c: v.content, f: v.facilityId, p: v.patientIds })));
  await db.$executeRaw`
    INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content, facility_id, patient_ids)
    SELECT t, i, 1, u, false, c, f, p FROM json_to_recordset(${rows}::json) AS x(t text, i text, u timestamptz, c text, f text, p text[])`;
  await db.$executeRaw`
    INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content, facility_id, patient_ids)
    SELECT t, i, 1, u, false, 'POST', c, f, p FROM json_to_recordset(${rows}::json) AS x(t text, i text, u timestamptz, c text, f text, p text[])`;
  await insertManyIndexRows(db, versions);
  await insertManyIndicatorRows(db, versions);
  for (const version of versions) applySearchParameterWrite(version);
}

export interface HistoryQuery {
  resourceType?: string;
  id?: string;
  /** Only versions older than this history sequence number (the paging cursor). */
  beforeSeq?: bigint;
  since?: string;
  limit: number;
  /** Access control: only rows this condition (on the alias resource_history) admits. */
  filter?: { condition(alias: string): Prisma.Sql };
}

/** History newest first, paged by sequence number so that concurrent writes never shift a page. */
export async function readHistory(db: Db, query: HistoryQuery): Promise<HistoryRow[]> {
  const conditions = [Prisma.sql`TRUE`];
  if (query.resourceType) conditions.push(Prisma.sql`resource_type = ${query.resourceType}`);
  if (query.id) conditions.push(Prisma.sql`id = ${query.id}`);
  if (query.beforeSeq !== undefined) conditions.push(Prisma.sql`seq < ${query.beforeSeq}`);
  if (query.since) conditions.push(Prisma.sql`last_updated >= ${query.since}::timestamptz`);
  if (query.filter) conditions.push(query.filter.condition('resource_history'));
  const rows = await db.$queryRaw<(RawRow & { seq: bigint; method: string })[]>`
    SELECT seq, resource_type, id, version_id, last_updated, deleted, method, content, facility_id, patient_ids FROM resource_history
    WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY seq DESC LIMIT ${query.limit}`;
  return rows.map((row) => ({ ...toStored(row), seq: BigInt(row.seq), method: row.method }));
}

export async function countHistory(db: Db, query: Omit<HistoryQuery, 'beforeSeq' | 'limit'>): Promise<number> {
  const conditions = [Prisma.sql`TRUE`];
  if (query.resourceType) conditions.push(Prisma.sql`resource_type = ${query.resourceType}`);
  if (query.id) conditions.push(Prisma.sql`id = ${query.id}`);
  if (query.since) conditions.push(Prisma.sql`last_updated >= ${query.since}::timestamptz`);
  if (query.filter) conditions.push(query.filter.condition('resource_history'));
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM resource_history WHERE ${Prisma.join(conditions, ' AND ')}`;
  return rows[0].n;
}
