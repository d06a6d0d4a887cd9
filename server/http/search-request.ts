// What a FHIR search request asks, read from HTTP: its parameters (the URL's, then a POSTed form body's, in
// order) and its Prefer: handling.
import type { Request } from 'express';
import { FhirError } from '../../fhir/outcome.ts';
import { readBody } from './fhir-body.ts';

const FORM = 'application/x-www-form-urlencoded';

export function urlParams(request: Request): [string, string][] {
  return [...new URLSearchParams(request.originalUrl.split('?')[1] ?? '')];
}

/** `POST …/_search`: the form body's parameters are added to the URL's. */
export async function formAndUrlParams(request: Request, limit: number): Promise<[string, string][]> {
  const type = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (type !== undefined && type !== FORM) {
    throw new FhirError(415, { code: 'not-supported', diagnostics: `A search body must be ${FORM}, not ${type}` });
  }
  const body = type === undefined ? '' : await readBody(request, limit);
  return [...urlParams(request), ...new URLSearchParams(body)];
}

/** `Prefer: handling=strict` refuses unknown parameters; lenient (the default) ignores and reports them. */
export function strictHandling(request: Request): boolean {
  return /(^|[;,\s])handling=strict\b/.test(request.get('prefer') ?? '');
}
