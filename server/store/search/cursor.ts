// The paging cursor: where the previous page ended (its sort key values, id and type) and which way to go, tied
// to the query it came from. Opaque to clients (base64url JSON); a tampered or foreign cursor is a 400.
import { createHash } from 'node:crypto';
import { badRequest } from '../../../fhir/outcome.ts';

export interface Cursor {
  direction: 'next' | 'previous';
  /** Sort key values as text (null for a resource without one), then the id and type of the row. */
  keys: (string | null)[];
  id: string;
  type: string;
}

interface Encoded {
  d: 'n' | 'p';
  k: (string | null)[];
  i: string;
  t: string;
  q: string;
}

/** A short fingerprint of the query a cursor belongs to (everything but the cursor and the page size). */
export function queryFingerprint(params: [string, string][]): string {
  const canonical = params.filter(([key]) => key !== '_cursor' && key !== '_count').map(([k, v]) => `${k}=${v}`).sort().join('&');
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

export function encodeCursor(cursor: Cursor, fingerprint: string): string {
  const encoded: Encoded = { d: cursor.direction === 'next' ? 'n' : 'p', k: cursor.keys, i: cursor.id, t: cursor.type, q: fingerprint };
  return Buffer.from(JSON.stringify(encoded)).toString('base64url');
}

export function decodeCursor(text: string, fingerprint: string, keyCount: number): Cursor {
  const invalid = badRequest('The paging cursor is not valid for this search; follow the links as given');
  let encoded: Encoded;
  try {
    encoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Encoded;
  } catch {
    throw invalid;
  }
  const keysOk = Array.isArray(encoded?.k) && encoded.k.length === keyCount && encoded.k.every((key) => key === null || typeof key === 'string');
  if (!keysOk || (encoded.d !== 'n' && encoded.d !== 'p') || typeof encoded.i !== 'string' || typeof encoded.t !== 'string' || encoded.q !== fingerprint) {
    throw invalid;
  }
  return { direction: encoded.d === 'n' ? 'next' : 'previous', keys: encoded.k, id: encoded.i, type: encoded.t };
}
