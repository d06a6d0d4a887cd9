// Base R4 structure through @medplum/core's validator: cardinality, unknown elements, JSON types of
// primitives, medplum's primitive formats, and the invariants medplum evaluates (those on resources and
// their elements; see constraints.ts for the corrected ones and invariants.ts for the rest).
import { OperationOutcomeError, validateResource as medplumValidate } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { toFhirPath } from './expressions.ts';
import type { IssueCode, ValidationIssue } from './issues.ts';

/**
 * medplum findings that content.ts re-checks the R4 way: empty values (anywhere, not only on known
 * elements), JSON shape, ids (incl. Resource.id), dateTime (medplum allows a time without zone or seconds),
 * instant, base64Binary (R4 allows line breaks), the 1 MB limit (R4 sets it on strings only, not on
 * xhtml or base64Binary), reference targets (medplum only warns and misreads absolute URLs) and
 * competing choice types (medplum only warns, with no path).
 */
const SUPERSEDED = [
  /^Invalid empty (non-primitive )?value$/,
  /^Expected (array of values|single value) for property$/,
  /^Invalid (id|dateTime|instant|base64Binary) format$/,
  /^String cannot be larger than 1 MB$/,
  /^Invalid reference: /,
  /^Conflicting choice of type properties/,
  /^Type of primitive extension does not match/,
];

export function checkStructure(resource: Resource, shapeErrorPaths: readonly string[]): ValidationIssue[] {
  let found: OperationOutcomeIssue[];
  try {
    found = medplumValidate(resource);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) {
      // Reported on the resource, not thrown, so the client learns which input upset the validator.
      const diagnostics = `The structure validator failed on this resource: ${String(err)}`;
      return [{ severity: 'error', code: 'structure', diagnostics, expression: [resource.resourceType] }];
    }
    found = err.outcome.issue ?? [];
  }
  const issues: ValidationIssue[] = [];
  for (const issue of found) {
    const diagnostics = issue.details?.text ?? issue.diagnostics ?? 'Invalid resource';
    if (SUPERSEDED.some((pattern) => pattern.test(diagnostics))) {
      continue;
    }
    const expression = toFhirPath(issue.expression?.[0] ?? resource.resourceType, resource);
    if (shapeErrorPaths.some((shapePath) => isAtOrBelow(expression, shapePath))) {
      continue;
    }
    issues.push(convert(issue, diagnostics, expression));
  }
  return issues;
}

function convert(issue: OperationOutcomeIssue, diagnostics: string, expression: string): ValidationIssue {
  if (issue.code === 'processing') {
    // The FHIRPath engine failed on an invariant; that says nothing certain about the data.
    return { severity: 'warning', code: 'invariant', diagnostics, expression: [expression] };
  }
  const severity = issue.severity === 'error' || issue.severity === 'fatal' ? 'error' : 'warning';
  return { severity, code: issueCode(issue, diagnostics), diagnostics, expression: [expression] };
}

function issueCode(issue: OperationOutcomeIssue, diagnostics: string): IssueCode {
  if (issue.code === 'invariant') {
    return 'invariant';
  }
  if (diagnostics === 'Missing required property') {
    return 'required';
  }
  if (/^(Invalid \w+ format|Invalid numeric value|Expected number|String must contain)/.test(diagnostics)) {
    return 'value';
  }
  return 'structure';
}

function isAtOrBelow(expression: string, path: string): boolean {
  return expression === path || expression.startsWith(path + '.') || expression.startsWith(path + '[');
}
