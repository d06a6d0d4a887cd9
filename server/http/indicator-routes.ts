import { Router, type Response } from 'express';
import type { IndicatorService } from '../services/indicator-service.ts';
import { roleMayReadIndicators } from '../access/role-policy.ts';
import { roleNeedsFacility } from '../auth/roles.ts';
import { findIndicator, INDICATORS, MEASURES } from '../../fhir/indicators/catalogue.ts';
import { parsePeriod } from '../../fhir/indicators/periods.ts';
import { exportCsv, exportRows, type ExportAudience } from '../../fhir/indicators/export-rows.ts';
import { ApiError } from './api-errors.ts';
import { auditAs } from './audit-api-requests.ts';
import { principalOf } from './authenticate.ts';

const FORMATS = ['measure-report', 'json', 'csv'] as const;
const AUDIENCES: readonly ExportAudience[] = ['analyst', 'public'];

function indicatorReader(response: Response) {
  const principal = principalOf(response);
  if (!roleMayReadIndicators(principal.role)) throw new ApiError(403, 'forbidden', `The ${principal.role} role may not read health indicators`);
  return principal;
}

/** The facility whose figures the caller asks for and may see: a facility's own staff see only their facility's. */
function facilityFor(response: Response, asked: unknown): string {
  const principal = indicatorReader(response);
  if (asked !== undefined && typeof asked !== 'string') throw new ApiError(400, 'invalid_request', '"facility" must be one Organization id');
  if (roleNeedsFacility(principal.role)) {
    if (asked !== undefined && asked !== principal.facilityId) throw new ApiError(403, 'forbidden', 'Only your own facility\'s indicators are open to you');
    return principal.facilityId!;
  }
  if (!asked) throw new ApiError(400, 'invalid_request', '"facility" (an Organization id) is required');
  return asked;
}

/**
 * `GET /api/indicators/measures`: the catalogue, as FHIR Measures.
 * `GET /api/indicators?measure=<id>&period=month:2026-11|week:2026-W47|day:2026-11-21[&facility=<Organization id>]
 * [&format=measure-report|json|csv][&audience=analyst|public]`: one facility's figures; a public export suppresses
 * counts of 1–4.
 */
export function indicatorRouter(indicators: IndicatorService): Router {
  const router = Router();
  router.get('/indicators/measures', auditAs('search-type'), (_request, response) => {
    indicatorReader(response);
    response.json(MEASURES);
  });
  router.get('/indicators', auditAs('search-type'), async (request, response) => {
    const facilityId = facilityFor(response, request.query.facility);
    const { measure, period: periodText, format = 'measure-report', audience = 'analyst' } = request.query;
    const indicator = typeof measure === 'string' ? findIndicator(measure) : undefined;
    if (!indicator) throw new ApiError(400, 'invalid_request', `"measure" must be one of ${INDICATORS.map((candidate) => candidate.id).join(', ')}`);
    const period = typeof periodText === 'string' ? parsePeriod(periodText) : undefined;
    if (!period) throw new ApiError(400, 'invalid_request', '"period" must be day:YYYY-MM-DD, week:YYYY-Www or month:YYYY-MM');
    if (!FORMATS.includes(format as never)) throw new ApiError(400, 'invalid_request', `"format" must be one of ${FORMATS.join(', ')}`);
    if (!AUDIENCES.includes(audience as never)) throw new ApiError(400, 'invalid_request', `"audience" must be one of ${AUDIENCES.join(', ')}`);
    if (format === 'measure-report' && audience === 'public') throw new ApiError(400, 'invalid_request', 'A public export is format=json or format=csv');
    const report = await indicators.report(facilityId, indicator, period);
    response.setHeader('Cache-Control', 'no-store');
    if (format === 'measure-report') {
      response.type('application/fhir+json').send(JSON.stringify(report));
      return;
    }
    const rows = exportRows([report], audience as ExportAudience);
    if (format === 'csv') response.type('text/csv; charset=utf-8').send(exportCsv(rows));
    else response.json(rows);
  });
  return router;
}
