// What the safety checks look at: the prescription being written, before it is signed.
import type { DosageInput } from '../dosage.ts';
import type { Bilingual } from '../messages.ts';
import type { CatalogueDrug } from '../medication.ts';

export interface PrescriptionLine {
  drug: CatalogueDrug;
  dosage: DosageInput;
}

/** An allergy on the patient's record: coded with an ATC code (a substance, or a group by its prefix), or text only. */
export interface RecordedAllergy {
  substance: string;
  atc?: string;
}

export interface PrescriptionDraft {
  /** Day of prescribing, YYYY-MM-DD. */
  date: string;
  patient: {
    /** FHIR date: YYYY-MM-DD, or YYYY when only the year is known. */
    birthDate: string;
    weightKg?: number;
    /** Who brought a young child (TT 26/2025 asks the name for children under 72 months). */
    guardianName?: string;
  };
  allergies: readonly RecordedAllergy[];
  /** ICD-10 codes of the visit's diagnoses, main first. */
  diagnoses: readonly string[];
  lines: readonly PrescriptionLine[];
}

export type SafetyRule =
  | 'allergy'
  | 'same-ingredient'
  | 'interaction'
  | 'duplicate-therapy'
  | 'duration'
  | 'young-child'
  | 'controlled-drugs'
  | 'dose-limit';

export interface SafetyFinding {
  rule: SafetyRule;
  /** `error`: the prescription cannot be signed as it is; `warning`: the doctor decides, having read it. */
  severity: 'error' | 'warning';
  /** Indexes in `lines` of the drugs concerned; empty for findings about the patient. */
  lines: number[];
  message: Bilingual;
}
