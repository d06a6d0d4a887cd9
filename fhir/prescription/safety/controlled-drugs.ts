// Controlled drugs on their own prescriptions: narcotic drugs on an "N" prescription, psychotropic drugs and
// precursors on an "H" one, traditional medicine apart; none of them mixed with ordinary drugs.
import { message } from '../messages.ts';
import { groupByPrescriptionType, PRESCRIPTION_TYPE_NAME } from '../prescription-type.ts';
import type { PrescriptionDraft, SafetyFinding } from './prescription-draft.ts';

export function checkControlledDrugs(draft: PrescriptionDraft): SafetyFinding[] {
  const groups = groupByPrescriptionType(draft.lines.map((line) => line.drug));
  if (groups.size < 2) return [];
  const describe = (language: 'vi' | 'en') =>
    [...groups].map(([type, drugs]) => `${PRESCRIPTION_TYPE_NAME[type][language]}: ${drugs.map((drug) => drug.name).join(', ')}`).join('; ');
  return [
    {
      rule: 'controlled-drugs',
      severity: 'error',
      lines: draft.lines.map((_, line) => line),
      message: message('separate-prescription-types', { groups: { vi: describe('vi'), en: describe('en') } }),
    },
  ];
}
