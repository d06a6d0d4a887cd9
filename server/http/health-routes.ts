import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { migrationsComplete } from '../db/migrate.ts';

/** /healthz: the process answers. /readyz: the database answers and is fully migrated. */
export function healthRouter(context: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    try {
      const migrated = await migrationsComplete(context.database.prisma);
      response.status(migrated ? 200 : 503).json({ status: migrated ? 'ready' : 'migrating', database: 'ok' });
    } catch {
      response.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}
