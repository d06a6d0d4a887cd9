import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context.ts';
import { classifyFhirRequest, type FhirRequestKind } from '../access/fhir-interaction.ts';
import { restAuditEntry } from '../audit/audit-event.ts';
import { FhirError } from '../../fhir/outcome.ts';
import { isKnownResourceType } from '../../fhir/validation/validate.ts';
import { authenticate, accessOf } from './authenticate.ts';

/**
 * The FHIR API's request pipeline, in order: authenticate (token → principal and access) → audit (the entry is
 * recorded when the answer is sent, whatever it is) → authorise (the role and scopes allow this interaction on this
 * type; refused before any body is read) → the route handles it, the services enforcing facility isolation on
 * every row.
 */
export function fhirSecurity(context: AppContext): RequestHandler[] {
  return [authenticate(context), auditFhirRequest(context), authoriseFhirRequest(context)];
}

function kindOf(response: Response): FhirRequestKind {
  return response.locals.fhirRequest as FhirRequestKind;
}

function auditFhirRequest(context: AppContext): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const kind = classifyFhirRequest(request.method, request.path, request.originalUrl.includes('?'));
    response.locals.fhirRequest = kind;
    const access = accessOf(response);
    response.once('close', () => {
      const { disclosure } = access;
      const subject = kind.resourceType && kind.id ? [`${kind.resourceType}/${kind.id}`] : [];
      context.audit.record(restAuditEntry({
        actor: { identity: access.principal, address: request.ip },
        interaction: kind.interaction,
        operation: kind.operation,
        // An answer cut off because the client went away is recorded as 499; what it had disclosed is still listed.
        status: response.writableFinished ? response.statusCode : 499,
        patients: disclosure.patients,
        resources: disclosure.resources.size ? disclosure.resources : subject,
        query: kind.queried ? request.originalUrl.split('?')[1] : undefined,
        emergency: disclosure.emergency,
      }));
    });
    next();
  };
}

function authoriseFhirRequest(context: AppContext): RequestHandler {
  return (_request: Request, response: Response, next: NextFunction) => {
    if (context.audit.saturated()) {
      response.setHeader('Retry-After', '1');
      next(new FhirError(503, { code: 'transient', diagnostics: 'The audit trail is catching up; try again in a moment' }));
      return;
    }
    const { permission, resourceType, instance } = kindOf(response);
    // An unknown type is the router's to answer (404), not a permission question.
    if (permission && resourceType && isKnownResourceType(resourceType)) {
      try {
        accessOf(response).authorize(permission, resourceType);
      } catch (error) {
        next(error);
        return;
      }
    }
    if (instance && isKnownResourceType(instance.resourceType)) {
      // $everything and compartment searches are about the instance in the URL: it must be one this principal may
      // read (403 for another facility's patient, as a read would answer), not just filtered down to nothing.
      context.resources.read(instance.resourceType, instance.id).then(() => next(), next);
      return;
    }
    next();
  };
}
