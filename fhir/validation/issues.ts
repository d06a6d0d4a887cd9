// The one issue shape every check in this folder produces.

export type IssueCode = 'structure' | 'required' | 'value' | 'invalid' | 'code-invalid' | 'invariant';

export interface ValidationIssue {
  severity: 'error' | 'warning';
  code: IssueCode;
  diagnostics: string;
  /** FHIRPath of the problem, e.g. `Patient.name[0].given[1]`. */
  expression: string[];
}

export function error(code: IssueCode, diagnostics: string, expression: string): ValidationIssue {
  return { severity: 'error', code, diagnostics, expression: [expression] };
}

export function warning(code: IssueCode, diagnostics: string, expression: string): ValidationIssue {
  return { severity: 'warning', code, diagnostics, expression: [expression] };
}

const QUOTED_LENGTH = 80;

/** A value as diagnostics show it: quoted, and cut short so a megabyte of bad input is not echoed back. */
export function quoted(value: string): string {
  return `'${value.length > QUOTED_LENGTH ? `${value.slice(0, QUOTED_LENGTH - 1)}…` : value}'`;
}
