// Corrections to R4 invariants (ElementDefinition.constraint) that are wrong as published or that
// @medplum/core's FHIRPath engine evaluates wrongly. They are applied to the StructureDefinitions
// before medplum indexes them, so medplum's validator and our data-type invariant check
// (invariants.ts) both see the corrected form.
import type { Bundle, ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';

interface ConstraintCorrection {
  key: string;
  /** Replacement FHIRPath; `undefined` drops the constraint (a native check replaces it). */
  expression: string | undefined;
  why: string;
}

const CORRECTIONS: readonly ConstraintCorrection[] = [
  {
    key: 'ras-2',
    expression: '(probability as decimal).empty() or (probability as decimal) <= 100',
    why:
      "'probability is decimal implies ...' is empty, not true, when prediction has no probability; medplum counts " +
      'empty as failed, rejecting RiskAssessment-prognosis and -breastcancer-risk. The intent is only to bound a decimal.',
  },
  {
    key: 'ref-1',
    expression:
      "reference.exists() implies (reference.startsWith('#').not() or reference = '#' or " +
      '(reference.substring(1) in %rootResource.contained.id))',
    why:
      "R4's form is empty, not true, for a Reference without a reference (display or identifier only), and it " +
      "forgets that '#' alone is a valid reference from a contained resource to its container (both fixed in R5).",
  },
  {
    key: 'per-1',
    expression: undefined,
    why:
      "medplum compares dateTimes as text, so 'start <= end' fails for 2020-01-15..2020-01 or for times in different " +
      'zones; invariants.ts checks the order natively.',
  },
  {
    key: 'rng-2',
    expression: undefined,
    why: "medplum's 'low <= high' ignores units (5 mg .. 1 g fails); invariants.ts compares like units natively.",
  },
  {
    key: 'mdd-1',
    expression: undefined,
    why:
      "as per-1: 'whenHandedOver >= whenPrepared' rejected 04:00Z after 10:00+07:00; invariants.ts checks it natively.",
  },
];

const correctionsByKey = new Map(CORRECTIONS.map((correction) => [correction.key, correction]));

export function applyConstraintCorrections(bundle: Bundle): void {
  for (const entry of bundle.entry ?? []) {
    const definition = entry.resource as StructureDefinition | undefined;
    for (const element of definition?.snapshot?.element ?? []) {
      correctElement(element);
    }
  }
}

function correctElement(element: ElementDefinition): void {
  if (!element.constraint?.some((constraint) => correctionsByKey.has(constraint.key ?? ''))) {
    return;
  }
  element.constraint = element.constraint.flatMap((constraint) => {
    const correction = correctionsByKey.get(constraint.key ?? '');
    if (!correction) {
      return [constraint];
    }
    return correction.expression === undefined ? [] : [{ ...constraint, expression: correction.expression }];
  });
}
