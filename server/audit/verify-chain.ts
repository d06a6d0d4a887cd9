import type { Db } from '../db/client.ts';
import { chainHash, GENESIS_HASH } from './audit-chain.ts';
import { readAuditRows } from './audit-store.ts';

export interface ChainReport {
  entries: number;
  /** The last entry's sequence number and hash: record them elsewhere to detect a cut-off tail later. */
  head?: { seq: bigint; hash: string };
  problems: string[];
}

const PAGE = 5_000;
const MAX_PROBLEMS = 20;

/**
 * Walks the audit trail in order and recomputes the chain. A changed entry fails its own hash; a removed entry
 * leaves a gap in the sequence and a broken link; an inserted one breaks the link of the entry after it. Removing
 * the newest entries leaves a shorter valid chain, which only a head recorded earlier (`expectedHead`) reveals.
 */
export async function verifyAuditChain(db: Db, expectedHead?: { seq: bigint; hash: string }): Promise<ChainReport> {
  const problems: string[] = [];
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let entries = 0;
  let head: ChainReport['head'];
  const seen = new Map<bigint, string>();
  for (let rows = await readAuditRows(db, 0n, PAGE); rows.length > 0; rows = await readAuditRows(db, rows[rows.length - 1].seq, PAGE)) {
    for (const row of rows) {
      entries += 1;
      if (row.seq !== expectedSeq) problems.push(`entries ${expectedSeq}–${row.seq - 1n} are missing (deleted)`);
      if (row.prevHash !== previousHash) problems.push(`entry ${row.seq} does not follow the entry before it (an entry was removed or inserted)`);
      if (chainHash(row.prevHash, row) !== row.hash) problems.push(`entry ${row.seq} (${row.id}) was altered`);
      if (expectedHead?.seq === row.seq) seen.set(row.seq, row.hash);
      previousHash = row.hash;
      expectedSeq = row.seq + 1n;
      head = { seq: row.seq, hash: row.hash };
      if (problems.length >= MAX_PROBLEMS) return { entries, head, problems };
    }
  }
  if (expectedHead) {
    const hash = seen.get(expectedHead.seq);
    if (hash === undefined) problems.push(`entry ${expectedHead.seq}, the recorded head, is gone (the newest entries were removed)`);
    else if (hash !== expectedHead.hash) problems.push(`entry ${expectedHead.seq} no longer has the recorded head hash`);
  }
  return { entries, head, problems };
}
