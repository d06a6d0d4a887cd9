// Who comes to a primary-care clinic: age mix skewed to young children and older adults, mostly Kinh,
// occupations of the QĐ 4069 social-group list, and the BHYT card group that usually goes with them.
import type { BenefitLevel } from '../identifiers/insurance-card.ts';
import { KINH_ETHNICITY_CODE } from '../terminology/ethnicity.ts';
import { WeightedTable, type Rng } from './random.ts';

/**
 * [from age, to age) bands of patients, weighted by how often each age group visits. The youngest are
 * a few weeks old, so that every patient can have been seen before the dataset's date.
 */
const AGE_BANDS = new WeightedTable<readonly [number, number]>([
  [[0.05, 6], 14], [[6, 16], 12], [[16, 40], 24], [[40, 60], 25], [[60, 80], 20], [[80, 100], 5],
]);

export function pickPatientAge(rng: Rng): number {
  const [fromAge, toAge] = AGE_BANDS.pick(rng);
  return rng.real(fromAge, toAge);
}

/** Kinh ≈ 85% of the population; the largest minorities follow by census share. */
const ETHNICITIES = new WeightedTable<string>([
  [KINH_ETHNICITY_CODE, 85.3], ['02', 1.9], ['03', 1.9], ['06', 1.5], ['05', 1.4], ['08', 1.4], ['07', 1.1], ['09', 0.9],
  ['04', 0.8], ['10', 0.5], ['12', 0.4], ['13', 0.3], ['17', 0.2], ['18', 0.2], ['14', 0.2],
]);

export function pickEthnicityCode(rng: Rng): string {
  return ETHNICITIES.pick(rng);
}

/** Working-age occupations (QĐ 4069 codes): farmers, workers, services, civil servants, professionals, health, other. */
const WORKING_OCCUPATIONS = new WeightedTable<string>([['05', 35], ['04', 20], ['10', 15], ['08', 7], ['07', 5], ['09', 1], ['99', 17]]);

export function pickOccupationCode(rng: Rng, ageYears: number): string {
  if (ageYears < 6) return '01';
  if (ageYears < 15) return '02';
  if (ageYears < 23 && rng.chance(0.7)) return '02';
  if (ageYears >= 60 && rng.chance(0.8)) return '03';
  return WORKING_OCCUPATIONS.pick(rng);
}

export interface InsuranceGroup {
  groupCode: string;
  benefitLevel: BenefitLevel;
}

type GroupTable = WeightedTable<InsuranceGroup | undefined>;

function card(groupCode: string, benefitLevel: BenefitLevel): InsuranceGroup {
  return { groupCode, benefitLevel };
}

const UNINSURED = undefined;

// Card groups and benefit levels as commonly printed: TE1 children under 6, HS4 pupils, SV4 students,
// DN4 employees, HC4 civil servants, GD4 household members, HN2 poor, CN3 near-poor, HT3 pensioners,
// CC1 people with merit, BT2 social-assistance recipients.
const GROUPS_BY_OCCUPATION: Record<string, GroupTable> = {
  '02': new WeightedTable([[card('HS', 4), 85], [card('SV', 4), 5], [card('HN', 2), 5], [UNINSURED, 5]]),
  '03': new WeightedTable([[card('HT', 3), 45], [card('GD', 4), 35], [card('CC', 1), 5], [card('BT', 2), 5], [UNINSURED, 10]]),
  '04': new WeightedTable([[card('DN', 4), 92], [UNINSURED, 8]]),
  '05': new WeightedTable([[card('GD', 4), 70], [card('HN', 2), 8], [card('CN', 3), 7], [UNINSURED, 15]]),
  '07': new WeightedTable([[card('HC', 4), 50], [card('DN', 4), 50]]),
  '08': new WeightedTable([[card('HC', 4), 100]]),
  '09': new WeightedTable([[card('HC', 4), 100]]),
  '10': new WeightedTable([[card('DN', 4), 40], [card('GD', 4), 45], [UNINSURED, 15]]),
  '99': new WeightedTable([[card('GD', 4), 70], [card('HN', 2), 5], [UNINSURED, 25]]),
};

const UNDER_SIX = card('TE', 1);

/** The card group for a person, or undefined when uninsured. Children under six are always covered. */
export function pickInsuranceGroup(rng: Rng, ageYears: number, occupationCode: string): InsuranceGroup | undefined {
  if (ageYears < 6) return UNDER_SIX;
  const table = GROUPS_BY_OCCUPATION[occupationCode];
  if (!table) throw new Error(`No insurance groups for occupation ${occupationCode}`);
  return table.pick(rng);
}
