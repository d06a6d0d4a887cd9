import { FhirError, type OutcomeIssue } from '../outcome.ts';

/** Where an entry sits in the Bundle and what it asks for, to name it in errors: `Bundle.entry[3] (POST Observation)`. */
export interface EntryLabel {
  index: number;
  method?: string;
  resourceType?: string;
}

/** An error that already names the Bundle entry it belongs to. */
export class EntryError extends FhirError {
  constructor(readonly entryIndex: number, status: number, issues: OutcomeIssue[]) {
    super(status, issues);
  }
}

export const entryPath = (index: number): string => `Bundle.entry[${index}]`;

/**
 * Re-states an error raised while processing one entry so that it names the entry: the diagnostics start with the
 * entry, and expressions written for the entry's resource (`Observation.status`) become paths in the Bundle
 * (`Bundle.entry[3].resource.status`). An error that already names its entry is returned as it is.
 */
export function errorAtEntry(error: FhirError, entry: EntryLabel): EntryError {
  if (error instanceof EntryError) return error;
  const path = entryPath(entry.index);
  const request = [entry.method, entry.resourceType].filter(Boolean).join(' ');
  const prefix = `${path}${request ? ` (${request})` : ''}: `;
  return new EntryError(entry.index, error.status, error.issues.map((issue) => ({
    ...issue,
    diagnostics: prefix + issue.diagnostics,
    expression: issue.expression?.length
      ? issue.expression.map((expression) => inBundle(expression, path, entry.resourceType))
      : [path],
  })));
}

function inBundle(expression: string, path: string, resourceType: string | undefined): string {
  if (expression.startsWith('Bundle.entry[')) return expression;
  const resource = `${path}.resource`;
  if (resourceType && expression === resourceType) return resource;
  if (resourceType && expression.startsWith(`${resourceType}.`)) return resource + expression.slice(resourceType.length);
  return expression === '' ? resource : `${resource}.${expression}`;
}
