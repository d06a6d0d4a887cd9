import type { NextFunction, Request, RequestHandler, Response } from 'express';

const ALLOWED_HEADERS = 'Authorization, Content-Type, If-Match, If-None-Exist, If-None-Match, If-Modified-Since, Prefer, X-Request-Id';
const EXPOSED_HEADERS = 'ETag, Location, Last-Modified, Content-Location, Retry-After, X-Request-Id';
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';

/**
 * Cross-origin access for the browser origins in SEN_CORS_ORIGINS only (exact match; none by default, so the web
 * app served by Sen itself is the only browser client). Tokens travel in the Authorization header, never in
 * cookies, so credentials mode is not allowed. A preflight from any other origin is refused.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (request: Request, response: Response, next: NextFunction) => {
    const origin = request.get('origin');
    if (origin === undefined) {
      next();
      return;
    }
    response.append('Vary', 'Origin');
    const preflight = request.method === 'OPTIONS' && request.get('access-control-request-method') !== undefined;
    if (!allowed.has(origin)) {
      if (preflight) response.status(403).json({ error: 'forbidden', message: 'This origin may not call the API' });
      else next();
      return;
    }
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (!preflight) {
      next();
      return;
    }
    response.setHeader('Access-Control-Allow-Methods', METHODS);
    response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    response.setHeader('Access-Control-Max-Age', '600');
    response.status(204).end();
  };
}
