import type { Request, Response } from 'express';
import type { StoredVersion } from '../store/resource-rows.ts';
import { operationOutcome, type OutcomeIssue } from '../../fhir/outcome.ts';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** The FHIR API's base URL as the client sees it (SEN_PUBLIC_URL wins behind a proxy). */
export function fhirBase(request: Request, publicUrl?: string): string {
  return `${publicUrl ?? `${request.protocol}://${request.get('host')}`}/fhir/R4`;
}

export function sendJsonText(response: Response, status: number, text: string): void {
  response.status(status).type(FHIR_JSON).send(text);
}

export function sendOutcome(response: Response, status: number, issues: OutcomeIssue | OutcomeIssue[]): void {
  sendJsonText(response, status, JSON.stringify(operationOutcome(issues)));
}

export function versionHeaders(response: Response, version: StoredVersion): void {
  response.setHeader('ETag', `W/"${version.versionId}"`);
  response.setHeader('Last-Modified', version.lastUpdated.toUTCString());
}

export type PreferReturn = 'minimal' | 'representation' | 'OperationOutcome';

export function preferReturn(request: Request, fallback: PreferReturn = 'representation'): PreferReturn {
  const match = /return=(minimal|representation|OperationOutcome)/.exec(request.get('prefer') ?? '');
  return (match?.[1] as PreferReturn | undefined) ?? fallback;
}

/** Answers a write: status, Location, ETag, and the body the client asked for with Prefer. */
export function sendWritten(request: Request, response: Response, base: string, status: number, version: StoredVersion, message: string): void {
  versionHeaders(response, version);
  response.setHeader('Location', `${base}/${version.resourceType}/${version.id}/_history/${version.versionId}`);
  const prefer = preferReturn(request);
  if (prefer === 'minimal' || version.content === null) response.status(status).end();
  else if (prefer === 'OperationOutcome') sendOutcome(response, status, { severity: 'information', code: 'informational', diagnostics: message });
  else sendJsonText(response, status, version.content);
}
