// Rebuilds the search index rows of stored resources, a batch at a time in id order (each batch in one transaction
// that locks its rows, so a write racing the rebuild waits and its own rows win), and keeps the planner's
// statistics of the searched tables current.
import type { Db, PrismaClient } from '../../db/client.ts';
import type { IndexEntries } from '../../../fhir/search/index-entries.ts';
import { INDEX_TABLES, deleteManyIndexRows, insertManyIndexRows } from './index-rows.ts';

export interface ReindexBatch {
  /** Resources re-indexed; 0 when the type is done. */
  count: number;
  /** The last id of the batch: where the next one starts. */
  lastId?: string;
}

export async function reindexBatch(
  prisma: PrismaClient,
  resourceType: string,
  afterId: string,
  limit: number,
  extract: (content: string) => IndexEntries,
): Promise<ReindexBatch> {
  return prisma.$transaction(async (tx: Db) => {
    const rows = await tx.$queryRaw<{ id: string; content: string }[]>`
      SELECT id, content FROM resource WHERE resource_type = ${resourceType} AND id > ${afterId} AND NOT deleted
      ORDER BY id LIMIT ${limit} FOR UPDATE`;
    if (rows.length === 0) return { count: 0 };
    const resources = rows.map((row) => ({ resourceType, id: row.id, index: extract(row.content) }));
    await deleteManyIndexRows(tx, resources);
    await insertManyIndexRows(tx, resources);
    return { count: rows.length, lastId: rows[rows.length - 1].id };
  });
}

export async function storedTypes(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ resource_type: string }[]>`SELECT DISTINCT resource_type FROM resource ORDER BY 1`;
  return rows.map((row) => row.resource_type);
}

/** Fresh planner statistics for the index tables (the engine picks its driving filter by the planner's estimates). */
export async function analyzeIndexTables(prisma: PrismaClient): Promise<void> {
  for (const table of SEARCHED_TABLES) await prisma.$executeRawUnsafe(`ANALYZE ${table}`);
}

/**
 * Analyzes the searched tables that hold rows but were never analyzed — a database just bulk-loaded (the
 * generator, an import), before autovacuum gets to it: without statistics the planner probes index tables the
 * slow way round.
 */
export async function analyzeIfNeverAnalyzed(prisma: PrismaClient): Promise<void> {
  const rows = await prisma.$queryRaw<{ relname: string }[]>`
    SELECT relname FROM pg_stat_user_tables
    WHERE relname = ANY(${SEARCHED_TABLES}::text[]) AND last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup > 0`;
  for (const { relname } of rows) await prisma.$executeRawUnsafe(`ANALYZE ${SEARCHED_TABLES.find((table) => table === relname)}`);
}

const SEARCHED_TABLES = ['resource', ...INDEX_TABLES.map((t) => t.name)];
