// Audit entry ids as time-ordered UUIDs (RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits).
// Every read writes an entry; with random UUIDs each insert would land on a random page of the id index, and
// after every checkpoint each such page costs a full-page image in the write-ahead log. Ordered ids append at the
// index's right edge instead.
import { randomUUID } from 'node:crypto';

export function timeOrderedUuid(now = Date.now()): string {
  // A version 4 UUID's random bits and variant, from Node's cached entropy (a fresh randomBytes call per read costs
  // more than building the rest of the audit entry); its first 48 bits become the time and its version 7.
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
