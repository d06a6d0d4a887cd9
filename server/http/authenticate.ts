import type { NextFunction, Request, Response, RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import type { Principal } from '../auth/principal.ts';
import { Access } from '../access/access.ts';
import { runWithAccess } from '../access/request-access.ts';
import { unauthorized } from '../../fhir/outcome.ts';

/**
 * Step 1 of every protected request: requires a valid bearer access token and sets up the request's Access (on
 * `response.locals.access`, and as the services' current access for everything that runs for this request).
 */
export function authenticate(context: AppContext): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.get('authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      next(unauthorized('Sign in first: send Authorization: Bearer <access token>'));
      return;
    }
    context.tokens.verify(match[1]).then((principal) => {
      const access = new Access(principal, context.grants);
      response.locals.access = access;
      runWithAccess(access, next);
    }, next);
  };
}

export function accessOf(response: Response): Access {
  return response.locals.access as Access;
}

export function principalOf(response: Response): Principal {
  return accessOf(response).principal;
}
