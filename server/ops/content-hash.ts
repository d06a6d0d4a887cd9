import { createHash } from 'node:crypto';

/** Runs one SQL statement with positional parameters and returns its rows: pg.Client, PGlite and Prisma all fit. */
export type SqlQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const PAGE_ROWS = 1000;

/**
 * SHA-256 over every row of the current-resource table (deleted ones too) as (resource_type, id, version_id, and the
 * SHA-256 of content), in key order with the "C" collation so that the order does not depend on the database's
 * locale. The database digests each content itself: the sort then carries 32 bytes a row instead of the resource
 * (a provincial database's resources run to tens of gigabytes). Read through a cursor a page at a time. Must run
 * inside a transaction (cursors live in one), and that transaction's snapshot is what is hashed.
 */
export async function contentHash(query: SqlQuery): Promise<string> {
  const hash = createHash('sha256');
  await query(`DECLARE sen_content_hash NO SCROLL CURSOR FOR
    SELECT resource_type, id, version_id, encode(sha256(convert_to(content, 'UTF8')), 'hex') AS content_sha256 FROM resource
    ORDER BY resource_type COLLATE "C", id COLLATE "C"`);
  for (;;) {
    const rows = await query(`FETCH ${PAGE_ROWS} FROM sen_content_hash`);
    // One JSON array a line: no two different rows encode alike, and a null content (no digest) differs from an empty one.
    for (const row of rows) hash.update(`${JSON.stringify([row.resource_type, row.id, Number(row.version_id), row.content_sha256])}\n`);
    if (rows.length < PAGE_ROWS) break;
  }
  await query('CLOSE sen_content_hash');
  return hash.digest('hex');
}

/** Rows in each table of Sen's schema, by table name. */
export async function tableCounts(query: SqlQuery): Promise<Record<string, number>> {
  const tables = await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = await query(`SELECT count(*)::bigint AS n FROM "${String(tablename)}"`);
    counts[String(tablename)] = Number(row.n);
  }
  return counts;
}
