// Maximum duration (TT 26/2025): a prescription covers at most 30 days, up to 90 for the chronic diseases the
// circular lists (data/chronic-diseases.json, partial: a diagnosis missing from it only warns).
import data from '../data/chronic-diseases.json' with { type: 'json' };
import { message } from '../messages.ts';
import type { PrescriptionDraft, SafetyFinding } from './prescription-draft.ts';

const ORDINARY_MAXIMUM_DAYS = 30;
const CHRONIC_PREFIXES: readonly string[] = data.diseases.flatMap((disease) => disease.icd10);

/** True when the ICD-10 code (with its dot) falls under one of the listed chronic diseases. */
export function isListedChronicDisease(code: string): boolean {
  return CHRONIC_PREFIXES.some((prefix) => code === prefix || code.startsWith(prefix.includes('.') ? prefix : `${prefix}.`));
}

export function checkDuration(draft: PrescriptionDraft): SafetyFinding[] {
  const chronic = draft.diagnoses.some(isListedChronicDisease);
  return draft.lines.flatMap(({ drug, dosage }, line): SafetyFinding[] => {
    const { days } = dosage;
    if (days > data.maximumDays) {
      return [{ rule: 'duration', severity: 'error', lines: [line], message: message('duration-over-maximum', { drug: drug.name, days, maximum: data.maximumDays }) }];
    }
    if (days > ORDINARY_MAXIMUM_DAYS && !chronic) {
      return [{ rule: 'duration', severity: 'warning', lines: [line], message: message('duration-needs-chronic-disease', { drug: drug.name, days }) }];
    }
    return [];
  });
}
