import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { authenticate, principalOf } from './authenticate.ts';
import { ApiError, apiErrorHandler } from './api-errors.ts';
import { breakGlassRouter } from './break-glass-routes.ts';
import { auditApiRequests } from './audit-api-requests.ts';
import { registrationRouter } from './registration-routes.ts';
import { appointmentRouter } from './appointment-routes.ts';
import { prescriptionRouter } from './prescription-routes.ts';
import { prescriptionTemplateRouter } from './prescription-template-routes.ts';
import { terminologyRouter } from './terminology-routes.ts';
import { chartRouter } from './chart-routes.ts';
import { indicatorRouter } from './indicator-routes.ts';

/** The web app's JSON API (besides FHIR). */
export function apiRouter(context: AppContext): Router {
  const router = Router();
  router.use(authenticate(context), auditApiRequests(context));
  router.get('/me', async (_request, response) => {
    const principal = principalOf(response);
    const profile = await context.users.profile(principal.userId);
    response.json({ ...principal, displayName: profile?.displayName ?? principal.username });
  });
  router.use(breakGlassRouter(context));
  router.use(registrationRouter(context));
  router.use(appointmentRouter(context));
  router.use(prescriptionTemplateRouter(context.templates));
  router.use(prescriptionRouter(context.prescriptions, context.catalogue, context.templates));
  router.use(terminologyRouter());
  router.use(chartRouter(context.charts));
  router.use(indicatorRouter(context.indicators));
  router.use(() => {
    throw new ApiError(404, 'not_found', 'No such API endpoint');
  });
  router.use(apiErrorHandler);
  return router;
}
