// The communicable diseases a facility must notify (TT 54/2015/TT-BYT), kept as data in data/notifiable-diseases.json
// so that a change of list (COVID-19 moving group, a code correction) is an edit of data, not of code.
import data from './data/notifiable-diseases.json' with { type: 'json' };

export interface NotifiableDisease {
  id: string;
  vi: string;
  en: string;
  /** Group of the Law on Prevention and Control of Infectious Diseases (2007): A the most dangerous. */
  group: 'A' | 'B' | 'C';
  /** TT 54/2015: how soon after diagnosis a case is reported. */
  reportWithin: '24h' | '48h';
  /** ICD-10 codes or category prefixes ("A97" covers A97.0–A97.9). */
  icd10: string[];
}

interface DiseaseList {
  source: string;
  diseases: NotifiableDisease[];
}

// A JSON import, like the other data tables: the production build emits it beside the compiled code.
const LIST = data as DiseaseList;

export const NOTIFIABLE_DISEASES: readonly NotifiableDisease[] = LIST.diseases;
export const NOTIFIABLE_DISEASES_SOURCE = LIST.source;

const compact = (code: string) => code.replace(/[.†*\s]/g, '').toUpperCase();

/** The notifiable disease an ICD-10 code (with or without its dot) is a case of, if any. */
export function notifiableDiseaseOf(code: string): NotifiableDisease | undefined {
  const target = compact(code);
  return NOTIFIABLE_DISEASES.find((disease) => disease.icd10.some((prefix) => target.startsWith(compact(prefix))));
}
