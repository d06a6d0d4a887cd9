import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { migrationsComplete } from '../db/migrate.ts';

/**
 * /healthz: the process answers (liveness: restart it if not). /readyz: it can do its work — the database answers and
 * is fully migrated, and the outbox worker, if this process runs one, is looping (readiness: send no traffic, alert).
 */
export function healthRouter(context: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    const worker = context.outbox?.health();
    const outbox = worker ? { outbox: worker.state, ...(worker.lastCycleAt ? { outboxLastCycleAt: worker.lastCycleAt.toISOString() } : {}) } : {};
    const workerReady = !worker || worker.state === 'running';
    let migrated: boolean;
    try {
      migrated = await migrationsComplete(context.database.prisma);
    } catch {
      response.status(503).json({ status: 'unavailable', database: 'unreachable', ...outbox });
      return;
    }
    const status = !migrated ? 'migrating' : workerReady ? 'ready' : 'degraded';
    response.status(status === 'ready' ? 200 : 503).json({ status, database: 'ok', ...outbox });
  });
  return router;
}
