// Reference target types (Observation.subject may point to a Patient, not to a Practitioner).
// medplum only warns, and misreads absolute references (it takes "http:" for the type), so this check
// replaces its warning.
import { r4Definitions } from './definitions.ts';
import { error, type ValidationIssue } from './issues.ts';

// [base/]Type/id[/_history/version] or a conditional reference Type?query. Anything else (urn:uuid:,
// urn:oid:, #contained, URLs of other shapes) names no type we could check.
const TYPED_REFERENCE = /^(?:https?:\/\/\S*?\/)?([A-Z][A-Za-z]+)(?:\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?|\?.*)$/;

export function checkReferenceTarget(
  reference: Record<string, unknown>,
  targetTypes: ReadonlySet<string>,
  path: string,
): ValidationIssue | undefined {
  if (typeof reference.reference !== 'string') {
    return undefined;
  }
  const type = TYPED_REFERENCE.exec(reference.reference)?.[1];
  if (!type || !r4Definitions().resourceTypes.has(type) || targetTypes.has(type)) {
    return undefined;
  }
  return error(
    'invalid',
    `A reference to ${type} is not allowed here; expected ${[...targetTypes].join(' | ')}`,
    `${path}.reference`,
  );
}
