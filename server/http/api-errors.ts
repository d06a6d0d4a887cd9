import type { NextFunction, Request, Response } from 'express';
import { toOutcomeError } from './errors.ts';

/** JSON error `{error, message}` for the non-FHIR endpoints (/auth, /api). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}

export function apiErrorHandler(error: unknown, _request: Request, response: Response, _next: NextFunction): void {
  if (error instanceof ApiError) {
    response.status(error.status).json({ error: error.error, message: error.message });
    return;
  }
  const { status, issues, retryAfterSeconds } = toOutcomeError(error);
  if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
  if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(retryAfterSeconds));
  response.status(status).json({ error: errorCode(status), message: issues.map((issue) => issue.diagnostics).join('; ') });
}

function errorCode(status: number): string {
  return ({ 400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 413: 'too_large', 415: 'unsupported_media_type', 503: 'unavailable' } as Record<number, string>)[status] ??
    (status >= 500 ? 'server_error' : 'error');
}
