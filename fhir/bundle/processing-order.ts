import type { EntryMethod } from './entry-request.ts';

// FHIR R4 §3.1.0.11.2: a server processes a transaction's deletes, then creates, then updates and patches, then
// reads, whatever order the entries come in, so that reads see the writes and creates cannot collide with deletes.
const RANK: Record<EntryMethod, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

/** The entries in FHIR processing order; entries of the same rank keep their order in the Bundle. */
export function inProcessingOrder<T extends { method: EntryMethod; index: number }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => RANK[a.method] - RANK[b.method] || a.index - b.index);
}
