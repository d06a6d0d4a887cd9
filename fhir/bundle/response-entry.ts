// The entries of a transaction-response or batch-response Bundle (FHIR R4 Bundle.entry.response).
import { operationOutcome, type OutcomeIssue } from '../outcome.ts';
import type { RawEntry } from './serialize.ts';

/** A stored version, as far as a response entry describes it. */
export interface EntryVersion {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: Date;
  /** The resource JSON as stored; null for a deletion. */
  content: string | null;
}

/** What the client asked each write to return (the Prefer header applies to every entry). */
export type ReturnPreference = 'minimal' | 'representation' | 'OperationOutcome';

export interface EntryResult {
  status: number;
  version?: EntryVersion;
  /** What was done, for `Prefer: return=OperationOutcome`. */
  message: string;
  /** A read: the resource is the answer, whatever the preference. */
  isRead?: boolean;
  /** The interaction made a version the client can address (create, update, patch). */
  hasLocation?: boolean;
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 410: 'Gone',
  412: 'Precondition Failed', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

/** `201 Created`: R4 asks for the code first, and allows the reason phrase after it. */
export function statusLine(status: number): string {
  return REASONS[status] ? `${status} ${REASONS[status]}` : String(status);
}

export function resultEntry(result: EntryResult, base: string, prefer: ReturnPreference): RawEntry {
  const { version } = result;
  const response: Record<string, unknown> = { status: statusLine(result.status) };
  const entry: RawEntry = { response };
  if (version) {
    entry.fullUrl = `${base}/${version.resourceType}/${version.id}`;
    if (result.hasLocation) response.location = `${version.resourceType}/${version.id}/_history/${version.versionId}`;
    response.etag = `W/"${version.versionId}"`;
    response.lastModified = version.lastUpdated.toISOString();
    if (version.content !== null && (result.isRead || prefer === 'representation')) entry.resource = version.content;
  }
  if (prefer === 'OperationOutcome' && !result.isRead) {
    response.outcome = operationOutcome({ severity: 'information', code: 'informational', diagnostics: result.message });
  }
  return entry;
}

/** A batch entry that failed: its status and the OperationOutcome that explains it. */
export function failureEntry(status: number, issues: OutcomeIssue[]): RawEntry {
  return { response: { status: statusLine(status), outcome: operationOutcome(issues) } };
}
