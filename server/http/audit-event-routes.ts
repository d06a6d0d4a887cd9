import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import { notFound, notSupported } from '../../fhir/outcome.ts';
import { serializeBundle } from '../../fhir/bundle/serialize.ts';
import { parseAuditQuery } from '../audit/audit-search.ts';
import { searchAuditRows, type AuditQuery } from '../audit/audit-store.ts';
import { fhirBase, sendJsonText } from './fhir-response.ts';
import { accessOf } from './authenticate.ts';

/**
 * `GET /AuditEvent?patient=…&date=…` and `GET /AuditEvent/[id]`, answered from the audit trail ("who looked at
 * this patient?"). The role policy lets only administrators here; a facility administrator sees their facility's
 * entries. AuditEvents are never written through the API: the trail records them itself.
 */
export function auditEventRouter(context: AppContext): Router {
  const router = Router();
  const base = (request: Request): string => fhirBase(request, context.config.publicUrl);
  const visibleTo = (response: Response): Pick<AuditQuery, 'facilityId'> => {
    const access = accessOf(response);
    return access.systemWide ? {} : { facilityId: access.principal.facilityId };
  };

  router.get('/', async (request, response) => {
    const params = new URLSearchParams(request.originalUrl.split('?')[1] ?? '');
    const query = { ...parseAuditQuery(params), ...visibleTo(response) };
    const rows = await searchAuditRows(context.database.prisma, query);
    const page = rows.slice(0, query.limit - 1);
    const link = [{ relation: 'self', url: `${base(request)}/AuditEvent${params.size ? `?${params}` : ''}` }];
    if (rows.length > page.length) {
      const next = new URLSearchParams(params);
      next.set('_cursor', String(page[page.length - 1].seq));
      link.push({ relation: 'next', url: `${base(request)}/AuditEvent?${next}` });
    }
    sendJsonText(response, 200, serializeBundle({ resourceType: 'Bundle', type: 'searchset', link }, page.map((row) => ({
      fullUrl: `${base(request)}/AuditEvent/${row.id}`,
      resource: row.content,
      search: { mode: 'match' },
    }))));
  });

  router.get('/:id', async (request, response) => {
    const [row] = await searchAuditRows(context.database.prisma, { ids: [String(request.params.id)], recorded: [], limit: 1, ...visibleTo(response) });
    if (!row) throw notFound(`AuditEvent/${request.params.id} is not known`);
    sendJsonText(response, 200, row.content);
  });

  router.all(['/', '/:id', '/:id/*rest'], (request) => {
    throw notSupported(405, `${request.method} is not allowed on AuditEvent: the audit trail is append-only and written by Sen itself`);
  });
  return router;
}
