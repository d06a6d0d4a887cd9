// Measurement harness, never for production: a Sen server exactly like server/main.ts except that audit entries are
// dropped instead of queued, so that `npm run bench -- --url …` can measure what the audit trail costs reads
// (docs/benchmarks.md). Sen itself has no switch to turn auditing off.
import { loadConfig } from '../../server/config.ts';
import { startSen } from '../../server/start.ts';
import type { AuditTrail } from '../../server/audit/audit-trail.ts';

const sen = await startSen(loadConfig());
sen.context.audit = { record: () => undefined, saturated: () => false, flush: async () => undefined, close: async () => undefined } as unknown as AuditTrail;
console.log(`Sen without audit at ${sen.url}`);
process.on('SIGTERM', () => void sen.close().then(() => process.exit(0)));
process.on('SIGINT', () => void sen.close().then(() => process.exit(0)));
