import type { PrismaClient } from '../db/client.ts';
import { badRequest, forbidden } from '../../fhir/outcome.ts';
import { serializeBundle, type RawEntry } from '../../fhir/bundle/serialize.ts';
import { countHistory, readHistory, type HistoryRow } from '../store/resource-rows.ts';
import { currentAccess } from '../access/request-access.ts';

export interface HistoryRequest {
  resourceType?: string;
  id?: string;
  /** The query string as received, for the self link. */
  params: URLSearchParams;
  /** Base URL of the FHIR API, e.g. https://sen.example/fhir/R4 */
  base: string;
}

const DEFAULT_COUNT = 50;
const MAX_COUNT = 1000;
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

const STATUS: Record<string, string> = { POST: '201 Created', PUT: '200 OK', PATCH: '200 OK', DELETE: '204 No Content' };

/**
 * History at system, type and instance level as a paged Bundle (newest first, keyset-paged), holding only the
 * versions the request's access may see (its role's types, its facility's patients).
 */
export class HistoryService {
  constructor(private readonly prisma: PrismaClient) {}

  async history(request: HistoryRequest): Promise<string> {
    const { resourceType, id, params, base } = request;
    const access = currentAccess();
    if (resourceType) access.authorize('history', resourceType);
    else if (access.typesAllowed('history').length === 0) throw forbidden(`The ${access.principal.role} role may not read history`);
    const filter = access.rowFilter('history');
    const count = parseCount(params.get('_count'));
    const since = parseSince(params.get('_since'));
    const cursor = parseCursor(params.get('_cursor'));
    const rows = await readHistory(this.prisma, { resourceType, id, since, beforeSeq: cursor, limit: count + 1, filter });
    const page = rows.slice(0, count);
    for (const row of page) access.disclosure.add(row);
    const path = [resourceType, id, '_history'].filter(Boolean).join('/');
    const link = [{ relation: 'self', url: `${base}/${path}${queryString(params)}` }];
    if (rows.length > count) {
      const next = new URLSearchParams(params);
      next.set('_cursor', String(page[page.length - 1].seq));
      link.push({ relation: 'next', url: `${base}/${path}?${next}` });
    }
    const envelope: Record<string, unknown> = { resourceType: 'Bundle', type: 'history' };
    // Counting a whole type's or the system's history would cost a scan per page; an instance's is cheap.
    if (id) envelope.total = await countHistory(this.prisma, { resourceType, id, since, filter });
    envelope.link = link;
    return serializeBundle(envelope, page.map((row) => historyEntry(row, base)));
  }
}

function historyEntry(row: HistoryRow, base: string): RawEntry {
  const url = row.method === 'POST' ? row.resourceType : `${row.resourceType}/${row.id}`;
  return {
    fullUrl: `${base}/${row.resourceType}/${row.id}`,
    resource: row.content,
    request: { method: row.method, url },
    response: {
      status: STATUS[row.method] ?? '200 OK',
      etag: `W/"${row.versionId}"`,
      lastModified: row.lastUpdated.toISOString(),
    },
  };
}

function queryString(params: URLSearchParams): string {
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function parseCount(raw: string | null, fallback = DEFAULT_COUNT): number {
  if (raw === null) return fallback;
  if (!/^\d{1,7}$/.test(raw)) throw badRequest(`_count must be a whole number, got "${raw}"`);
  return Math.min(Math.max(Number(raw), 1), MAX_COUNT);
}

function parseSince(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  if (!INSTANT.test(raw) || Number.isNaN(Date.parse(raw)) || (raw.includes('T') && !/(Z|[+-]\d{2}:\d{2})$/.test(raw))) {
    throw badRequest(`_since must be an instant with a time zone, e.g. 2026-01-31T08:00:00+07:00; got "${raw}"`);
  }
  return raw;
}

function parseCursor(raw: string | null): bigint | undefined {
  if (raw === null) return undefined;
  if (!/^\d{1,19}$/.test(raw)) throw badRequest('The paging cursor is not valid; follow the next link as given');
  return BigInt(raw);
}
