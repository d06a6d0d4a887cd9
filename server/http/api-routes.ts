import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { authenticate, principalOf } from './authenticate.ts';
import { ApiError, apiErrorHandler } from './api-errors.ts';

/** The web app's JSON API (besides FHIR). */
export function apiRouter(context: AppContext): Router {
  const router = Router();
  router.use(authenticate(context));
  router.get('/me', async (_request, response) => {
    const principal = principalOf(response);
    const profile = await context.users.profile(principal.userId);
    response.json({ ...principal, displayName: profile?.displayName ?? principal.username });
  });
  router.use(() => {
    throw new ApiError(404, 'not_found', 'No such API endpoint');
  });
  router.use(apiErrorHandler);
  return router;
}
