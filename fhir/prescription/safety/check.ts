// Every safety check of a prescription before signing, each finding explaining itself. Errors block signing;
// warnings are for the doctor to weigh.
import { checkAllergies } from './allergy.ts';
import { checkControlledDrugs } from './controlled-drugs.ts';
import { checkDoseLimits } from './dose-limits.ts';
import { checkDuplicateTherapy } from './duplicate-therapy.ts';
import { checkDuration } from './duration.ts';
import { checkInteractions } from './interactions.ts';
import type { PrescriptionDraft, SafetyFinding } from './prescription-draft.ts';
import { checkSameIngredient } from './same-ingredient.ts';
import { checkYoungChild } from './young-child.ts';

const CHECKS: readonly ((draft: PrescriptionDraft) => SafetyFinding[])[] = [
  checkControlledDrugs,
  checkYoungChild,
  checkDuration,
  checkAllergies,
  checkSameIngredient,
  checkInteractions,
  checkDuplicateTherapy,
  checkDoseLimits,
];

/** Errors first, then warnings, each in the order of the checks above. */
export function checkPrescription(draft: PrescriptionDraft): SafetyFinding[] {
  const findings = CHECKS.flatMap((check) => check(draft));
  return [...findings.filter((finding) => finding.severity === 'error'), ...findings.filter((finding) => finding.severity === 'warning')];
}
