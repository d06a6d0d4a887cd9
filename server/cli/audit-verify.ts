// npm run audit:verify [-- --head SEQ:HASH]
// Recomputes the audit trail's hash chain; exits 1 and lists the problems when an entry was altered, deleted or
// inserted. --head checks that an entry recorded earlier (e.g. from a previous run's output) is still the same.
import { commandOptions } from './args.ts';
import { openConfiguredDatabase } from './database.ts';
import { verifyAuditChain } from '../audit/verify-chain.ts';

const USAGE = 'npm run audit:verify [-- --head SEQ:HASH]';
const options = commandOptions(USAGE, { head: { type: 'string' } });
const head = options.head ? /^(\d{1,19}):([0-9a-f]{64})$/.exec(options.head) : undefined;
if (options.head && !head) {
  console.error(`--head must be SEQ:HASH as printed by an earlier run\n\nUsage: ${USAGE}`);
  process.exit(2);
}

const { database } = await openConfiguredDatabase();
try {
  const report = await verifyAuditChain(database.prisma, head ? { seq: BigInt(head[1]), hash: head[2] } : undefined);
  if (report.problems.length) {
    console.error(`The audit trail has been tampered with (${report.entries} entries checked):`);
    for (const problem of report.problems) console.error(`  - ${problem}`);
    process.exitCode = 1;
  } else {
    console.log(`The audit trail is intact: ${report.entries} entries.`);
  }
  if (report.head) console.log(`Head (keep it to check later with --head): ${report.head.seq}:${report.head.hash}`);
} finally {
  await database.close();
}
