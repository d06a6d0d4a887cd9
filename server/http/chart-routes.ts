import { Router } from 'express';
import { CHART_PAGE, type PatientChartService } from '../services/patient-chart-service.ts';
import { ApiError } from './api-errors.ts';

/**
 * `GET /api/patients/:id/chart?page=<nextPage>&count=<n>`: a page of the patient's chart, newest visit first; the
 * answer's `nextPage` asks for the next (older) page.
 */
export function chartRouter(charts: PatientChartService): Router {
  const router = Router();
  router.get('/patients/:id/chart', async (request, response) => {
    const { page, count } = request.query;
    if (page !== undefined && (typeof page !== 'string' || !page || page.length > 2000)) {
      throw new ApiError(400, 'invalid_request', '"page" must be the nextPage of an earlier answer');
    }
    const size = count === undefined ? CHART_PAGE.default : Number(count);
    if (!Number.isInteger(size) || size < 1 || size > CHART_PAGE.max) throw new ApiError(400, 'invalid_request', `"count" must be 1–${CHART_PAGE.max}`);
    response.setHeader('Cache-Control', 'no-store');
    response.json(await charts.chart(String(request.params.id), { page, count: size }));
  });
  return router;
}
