import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

export type IssueSeverity = OperationOutcomeIssue['severity'];
export type IssueCode = OperationOutcomeIssue['code'];

export interface OutcomeIssue {
  severity?: IssueSeverity;
  code: IssueCode;
  diagnostics: string;
  expression?: string[];
}

/** An error that already knows its HTTP status and the OperationOutcome that explains it. */
export class FhirError extends Error {
  readonly status: number;
  readonly issues: OutcomeIssue[];
  constructor(status: number, issues: OutcomeIssue | OutcomeIssue[]) {
    const list = Array.isArray(issues) ? issues : [issues];
    super(list.map((issue) => issue.diagnostics).join('; '));
    this.status = status;
    this.issues = list;
  }
}

export function operationOutcome(issues: OutcomeIssue | OutcomeIssue[]): OperationOutcome {
  const list = Array.isArray(issues) ? issues : [issues];
  return {
    resourceType: 'OperationOutcome',
    issue: list.map((issue) => ({
      severity: issue.severity ?? 'error',
      code: issue.code,
      diagnostics: issue.diagnostics,
      ...(issue.expression?.length ? { expression: issue.expression } : {}),
    })),
  };
}

export const badRequest = (diagnostics: string, expression?: string[]): FhirError =>
  new FhirError(400, { code: 'invalid', diagnostics, expression });
export const notFound = (diagnostics: string): FhirError => new FhirError(404, { code: 'not-found', diagnostics });
export const gone = (diagnostics: string): FhirError => new FhirError(410, { code: 'deleted', diagnostics });
export const conflict = (diagnostics: string): FhirError => new FhirError(409, { code: 'conflict', diagnostics });
export const preconditionFailed = (diagnostics: string): FhirError =>
  new FhirError(412, { code: 'conflict', diagnostics });
export const notSupported = (status: number, diagnostics: string): FhirError =>
  new FhirError(status, { code: 'not-supported', diagnostics });
export const forbidden = (diagnostics: string): FhirError => new FhirError(403, { code: 'forbidden', diagnostics });
export const unauthorized = (diagnostics: string): FhirError => new FhirError(401, { code: 'login', diagnostics });
