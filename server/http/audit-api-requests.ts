import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context.ts';
import { restAuditEntry, type RestInteraction } from '../audit/audit-event.ts';
import { accessOf } from './authenticate.ts';

/**
 * Lets a route say which FHIR interaction its call amounts to (a new patient is a create); the entry then names the
 * route too, as read here, where Express knows it.
 */
export function auditAs(interaction: RestInteraction): RequestHandler {
  return (request, response, next) => {
    response.locals.audit = { interaction, operation: `api:${request.method} ${request.baseUrl}${request.route?.path ?? ''}` };
    next();
  };
}

/**
 * Audits every authenticated call to Sen's own JSON API (`/api/…`: the screens' endpoints), like the FHIR API's:
 * who, method and path, the patients and resources the services disclosed, the outcome.
 */
export function auditApiRequests(context: AppContext): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const access = accessOf(response);
    response.once('close', () => {
      context.audit.record(restAuditEntry({
        actor: { identity: access.principal, address: request.ip },
        ...((response.locals.audit as { interaction: RestInteraction; operation: string } | undefined) ?? { operation: 'api' }),
        status: response.writableFinished ? response.statusCode : 499,
        patients: access.disclosure.patients,
        resources: access.disclosure.resources,
        query: `${request.method} ${request.originalUrl}`,
        emergency: access.disclosure.emergency,
      }));
    });
    next();
  };
}
