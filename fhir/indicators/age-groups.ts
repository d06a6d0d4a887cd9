// The age groups every indicator is disaggregated by (issue 7).

export interface AgeGroup {
  /** The stratum code, e.g. "15-24", "65+". */
  code: string;
  /** Inclusive lower bound in whole years. */
  from: number;
}

/** Ordered by `from`; each group runs up to the next one's lower bound. */
export const AGE_GROUPS: readonly AgeGroup[] = [
  { code: '0-4', from: 0 },
  { code: '5-14', from: 5 },
  { code: '15-24', from: 15 },
  { code: '25-49', from: 25 },
  { code: '50-64', from: 50 },
  { code: '65+', from: 65 },
];

export const UNKNOWN_AGE_GROUP = 'unknown';

export function ageGroupOf(age: number | undefined): string {
  if (age === undefined || age < 0) return UNKNOWN_AGE_GROUP;
  return AGE_GROUPS.findLast((group) => age >= group.from)!.code;
}

/**
 * A FHIR birthDate as a full date for age arithmetic: a year alone (common in Vietnamese records) or a year and
 * month is taken at its first day, so the age is the one reached during that year or month.
 */
export function fullBirthDate(birthDate: string | undefined): string | undefined {
  if (!birthDate || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate)) return undefined;
  return `${birthDate}-01-01`.slice(0, 10);
}
