// Audit entry ids as time-ordered UUIDs (RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits).
// Every read writes an entry; with random UUIDs each insert would land on a random page of the id index, and
// after every checkpoint each such page costs a full-page image in the write-ahead log. Ordered ids append at the
// index's right edge instead.
import { randomBytes } from 'node:crypto';

export function timeOrderedUuid(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
