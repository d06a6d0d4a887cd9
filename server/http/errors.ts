import { FhirError, type OutcomeIssue } from '../../fhir/outcome.ts';
import { InvalidTokenError } from '../auth/access-tokens.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { logger } from '../logger.ts';

export interface ErrorAnswer {
  status: number;
  issues: OutcomeIssue[];
  /** For 503: when to try again (the Retry-After header). */
  retryAfterSeconds?: number;
}

/**
 * Turns anything thrown while handling a request into a status and a message that is safe to show: known errors
 * explain themselves; a database that cannot be reached is a 503 to retry; anything else is logged and answered with a
 * generic 500 that reveals no internals.
 */
export function toOutcomeError(error: unknown): ErrorAnswer {
  if (error instanceof FhirError) return { status: error.status, issues: error.issues };
  if (error instanceof InvalidTokenError) return { status: 401, issues: [{ code: 'login', diagnostics: error.message }] };
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Errors raised by express itself (a malformed URL encoding, a body it could not read) carry their own status.
    return { status, issues: [{ code: status === 413 ? 'too-costly' : 'invalid', diagnostics: clientMessage(status) }] };
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn('request failed: the database is unavailable', { error });
    return { status: 503, retryAfterSeconds: 5, issues: [{ code: 'transient', diagnostics: 'The database is unavailable; try again in a moment' }] };
  }
  logger.error('request failed', { error });
  return { status: 500, issues: [{ code: 'exception', diagnostics: 'The server could not complete the request; it has been logged' }] };
}

function clientMessage(status: number): string {
  if (status === 413) return 'The request body is too large';
  if (status === 415) return 'Unsupported content type';
  return 'The request is malformed (check the URL encoding and the body)';
}
