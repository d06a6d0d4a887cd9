import { createHash } from 'node:crypto';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns of one audit row that its hash protects. */
export interface ChainedFields {
  seq: bigint;
  id: string;
  recorded: Date;
  facilityId: string | null;
  agentId: string | null;
  patientIds: readonly string[];
  content: string;
}

/**
 * SHA-256 over the previous entry's hash and every column of this one (the searchable columns too: changing who or
 * which patient an entry is found under is tampering as well). Each part is length-prefixed, so no two different
 * rows hash the same input. Changing, removing or inserting a row breaks the chain from there on.
 */
export function chainHash(previousHash: string, fields: ChainedFields): string {
  const hash = createHash('sha256');
  const parts = [
    previousHash,
    fields.seq.toString(),
    fields.id,
    fields.recorded.toISOString(),
    fields.facilityId ?? '\u0000',
    fields.agentId ?? '\u0000',
    fields.patientIds.join(','),
    fields.content,
  ];
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:`).update(part);
  return hash.digest('hex');
}
