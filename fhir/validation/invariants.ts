// The invariants medplum leaves out or gets wrong:
//  - those declared on a data type's own root (Quantity qty-3, ContactPoint cpt-2, Reference ref-1,
//    Range rng-2 ...): medplum evaluates invariants declared on resources and on their elements only, so a
//    Quantity with a code but no system passed unchecked;
//  - those ordering two dateTimes (per-1, mdd-1), which medplum compares as text, and Range's rng-2,
//    where it ignores units.
import {
  evalFhirPathTyped,
  parseFhirPath,
  toTypedValue,
  tryGetDataType,
  UCUM,
  type FhirPathAtom,
  type TypedValue,
} from '@medplum/core';
import { error, warning, type ValidationIssue } from './issues.ts';
import { dateTimeBounds } from './primitives.ts';

interface CompiledInvariant {
  key: string;
  human: string;
  atom: FhirPathAtom;
}

/** The resources FHIRPath's %resource and %rootResource name at the current point of the walk. */
export interface InvariantScope {
  resource: TypedValue;
  rootResource: TypedValue;
}

export function resourceScope(resource: object, container: InvariantScope | undefined): InvariantScope {
  const typed = toTypedValue(resource);
  // A contained resource resolves '#id' references against its container (%rootResource).
  return { resource: typed, rootResource: container?.rootResource ?? typed };
}

const NOT_EVALUATED = new Set([
  'ele-1', // "has a value or children": the empty-value check covers it
  'ext-1', // medplum already evaluates it: R4 snapshots repeat it on every extension element
  'txt-1', // htmlChecks() is a no-op in medplum; primitives.ts checks the narrative div instead
  'txt-2',
]);

// ElementDefinition's fourteen eld-* invariants only concern conformance resources (StructureDefinition
// snapshots of hundreds of elements), which an EHR does not author; evaluating them doubled the time
// taken by such resources.
const TYPES_NOT_EVALUATED = new Set(['ElementDefinition']);

const compiled = new Map<string, CompiledInvariant[]>();

function invariantsOf(typeName: string): CompiledInvariant[] {
  let invariants = compiled.get(typeName);
  if (!invariants) {
    const schema = tryGetDataType(typeName);
    invariants =
      schema?.kind === 'complex-type' && !TYPES_NOT_EVALUATED.has(typeName)
        ? (schema.constraints ?? [])
            .filter((constraint) => constraint.severity === 'error' && !NOT_EVALUATED.has(constraint.key))
            .map((constraint) => ({
              key: constraint.key,
              human: constraint.description,
              atom: parseFhirPath(constraint.expression),
            }))
        : [];
    compiled.set(typeName, invariants);
  }
  return invariants;
}

const ucum = toTypedValue(UCUM);

/** Checks the invariants above that apply to a value of type `typeName` (a data type or a resource). */
export function checkInvariants(
  typeName: string,
  value: Record<string, unknown>,
  path: string,
  scope: InvariantScope,
  issues: ValidationIssue[],
): void {
  const dateOrder = DATE_ORDER_INVARIANTS[typeName];
  if (dateOrder) {
    checkDateOrder(dateOrder, value, path, issues);
  } else if (typeName === 'Range') {
    checkRangeOrder(value, path, issues);
  }
  const invariants = invariantsOf(typeName);
  if (invariants.length === 0) {
    return;
  }
  const context: TypedValue = { type: typeName, value };
  const variables = { '%context': context, '%resource': scope.resource, '%rootResource': scope.rootResource, '%ucum': ucum };
  for (const invariant of invariants) {
    try {
      const result = evalFhirPathTyped(invariant.atom, [context], variables);
      if (result.length !== 1 || result[0].value !== true) {
        issues.push(error('invariant', `Constraint ${invariant.key} not met: ${invariant.human}`, path));
      }
    } catch (cause) {
      // A FHIRPath engine failure says nothing certain about the data.
      issues.push(warning('invariant', `Constraint ${invariant.key} could not be evaluated: ${String(cause)}`, path));
    }
  }
}

interface DateOrderInvariant {
  key: string;
  earlier: string;
  later: string;
}

/**
 * Invariants that order two dateTimes, checked here because medplum compares dateTimes as text
 * (constraints.ts drops its versions). They follow R5's per-1, earlier.lowBoundary() <=
 * later.highBoundary(): values of different precision (2020-01-15 .. 2020-01) are only wrong when they
 * certainly run backwards, and a date compared with a zoned time may lie anywhere from +14:00 to -12:00.
 */
const DATE_ORDER_INVARIANTS: Record<string, DateOrderInvariant> = {
  Period: { key: 'per-1', earlier: 'start', later: 'end' },
  MedicationDispense: { key: 'mdd-1', earlier: 'whenPrepared', later: 'whenHandedOver' },
};

function checkDateOrder(invariant: DateOrderInvariant, value: Record<string, unknown>, path: string, issues: ValidationIssue[]): void {
  const earlier = value[invariant.earlier];
  const later = value[invariant.later];
  if (typeof earlier !== 'string' || typeof later !== 'string') {
    return;
  }
  const earlierBounds = dateTimeBounds(earlier);
  const laterBounds = dateTimeBounds(later);
  if (!earlierBounds || !laterBounds) {
    return;
  }
  const mixed = earlierBounds.zoned !== laterBounds.zoned;
  const earliest = earlierBounds.low - (mixed && !earlierBounds.zoned ? 14 * HOUR : 0);
  const latest = laterBounds.high + (mixed && !laterBounds.zoned ? 12 * HOUR : 0);
  if (earliest > latest) {
    const diagnostics = `Constraint ${invariant.key} not met: ${invariant.earlier} (${earlier}) is after ${invariant.later} (${later})`;
    issues.push(error('invariant', diagnostics, path));
  }
}

const HOUR = 3_600_000;

/** rng-2, low <= high, where both ends are in the same unit; converting units is UCUM's business. */
function checkRangeOrder(range: Record<string, unknown>, path: string, issues: ValidationIssue[]): void {
  const low = range.low as Record<string, unknown> | undefined;
  const high = range.high as Record<string, unknown> | undefined;
  if (typeof low?.value !== 'number' || typeof high?.value !== 'number' || unitOf(low) !== unitOf(high)) {
    return;
  }
  if (low.value > high.value) {
    issues.push(error('invariant', `Constraint rng-2 not met: low (${low.value}) is above high (${high.value})`, path));
  }
}

function unitOf(quantity: Record<string, unknown>): string {
  return quantity.code !== undefined ? `${String(quantity.system)}|${String(quantity.code)}` : String(quantity.unit);
}
