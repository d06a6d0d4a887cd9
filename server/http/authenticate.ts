import type { NextFunction, Request, Response, RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import type { Principal } from '../auth/access-tokens.ts';
import { unauthorized } from '../../fhir/outcome.ts';

/** Requires a valid bearer access token; the verified principal is put on `response.locals.principal`. */
export function authenticate(context: AppContext): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.get('authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      next(unauthorized('Sign in first: send Authorization: Bearer <access token>'));
      return;
    }
    context.tokens.verify(match[1]).then((principal) => {
      response.locals.principal = principal;
      next();
    }, next);
  };
}

export function principalOf(response: Response): Principal {
  return response.locals.principal as Principal;
}
