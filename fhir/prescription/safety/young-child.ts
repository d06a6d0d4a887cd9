// Children under 72 months (TT 26/2025 Điều 6): the prescription states the age in months, the weight, and the name
// of the person who brought the child. Without them it cannot be signed.
import { ageOn } from '../../registration/dates.ts';
import { message } from '../messages.ts';
import type { PrescriptionDraft, SafetyFinding } from './prescription-draft.ts';

export const YOUNG_CHILD_MONTHS = 72;

export function checkYoungChild(draft: PrescriptionDraft): SafetyFinding[] {
  const { months } = ageOn(draft.patient.birthDate, draft.date);
  if (months >= YOUNG_CHILD_MONTHS) return [];
  const findings: SafetyFinding[] = [];
  if (!draft.patient.weightKg) findings.push({ rule: 'young-child', severity: 'error', lines: [], message: message('child-weight-required', { months }) });
  if (!draft.patient.guardianName?.trim()) {
    findings.push({ rule: 'young-child', severity: 'error', lines: [], message: message('child-guardian-required', { months }) });
  }
  return findings;
}
