// Vietnamese ICD-10 names (QĐ 4469/QĐ-BYT) for the primary-care subset Sen ships today.
import data from './icd10-primary-care.json' with { type: 'json' };

export interface Icd10Entry {
  /** Code with its dot, e.g. "J06.9"; insurance XML uses the form without it. */
  code: string;
  /** Vietnamese name from QĐ 4469. */
  display: string;
}

export const ICD10_SOURCE: string = data.source;

const entryByCode = new Map<string, Icd10Entry>(data.codes.map((entry) => [entry.code, entry]));

export function primaryCareIcd10(): readonly Icd10Entry[] {
  return data.codes;
}

export function findIcd10(code: string): Icd10Entry | undefined {
  return entryByCode.get(code);
}
