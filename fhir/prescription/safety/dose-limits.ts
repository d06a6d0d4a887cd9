// Dose above a maximum: milligrams of each active ingredient per administration and per day, against the local
// table (data/dose-limits.json); children under 12 with a known weight against the per-kilogram maxima.
import data from '../data/dose-limits.json' with { type: 'json' };
import { ageOn } from '../../registration/dates.ts';
import { formatVietnameseNumber } from '../../text/vietnamese-number.ts';
import { administrationsPerDay, type DosageInput } from '../dosage.ts';
import { message, type Bilingual } from '../messages.ts';
import { doseUnitOf, type ActiveIngredient, type CatalogueDrug } from '../medication.ts';
import type { PrescriptionDraft, SafetyFinding } from './prescription-draft.ts';

interface DoseLimit {
  atc: string;
  adult: { perAdministration?: number; perDay?: number };
  child?: { perKgPerAdministration?: number; perKgPerDay?: number };
}

const LIMITS = new Map<string, DoseLimit>((data.limits as DoseLimit[]).map((limit) => [limit.atc, limit]));
const CHILD_DOSING_BELOW_YEARS = 12;
const MILLIGRAMS: Record<string, number> = { mg: 1, g: 1000, mcg: 0.001, µg: 0.001 };

/** Milligrams of the ingredient in one administration, when the dose and the strength are in comparable units. */
function milligramsPerAdministration(drug: CatalogueDrug, ingredient: ActiveIngredient, dosage: DosageInput): number | undefined {
  const strength = ingredient.strength;
  const factor = strength && MILLIGRAMS[strength.unit.toLowerCase()];
  if (!strength || !factor || dosage.dose === undefined) return undefined;
  const doseUnit = dosage.doseUnit ?? doseUnitOf(drug);
  const per = strength.per ?? { value: 1, unit: drug.unit };
  let perUnits: number | undefined;
  if (doseUnit === per.unit) perUnits = dosage.dose / per.value;
  else if (doseUnit === drug.unit && drug.unitContent?.unit === per.unit) perUnits = (dosage.dose * drug.unitContent.value) / per.value;
  return perUnits === undefined ? undefined : perUnits * strength.value * factor;
}

interface Limits {
  perAdministration?: number;
  perDay?: number;
  basis: Bilingual;
}

function limitsFor(limit: DoseLimit, draft: PrescriptionDraft): Limits {
  const { weightKg, birthDate } = draft.patient;
  const noBasis = { vi: '', en: '' };
  if (!limit.child || !weightKg || ageOn(birthDate, draft.date).years >= CHILD_DOSING_BELOW_YEARS) return { ...limit.adult, basis: noBasis };
  const byWeight = (perKg: number | undefined, adult: number | undefined) =>
    perKg === undefined ? adult : Math.min(perKg * weightKg, adult ?? Infinity);
  const weight = formatVietnameseNumber(weightKg);
  return {
    perAdministration: byWeight(limit.child.perKgPerAdministration, limit.adult.perAdministration),
    perDay: byWeight(limit.child.perKgPerDay, limit.adult.perDay),
    basis: { vi: ` (theo cân nặng ${weight} kg)`, en: ` (for a weight of ${weight} kg)` },
  };
}

const milligrams = (value: number) => `${formatVietnameseNumber(Math.round(value * 100) / 100)} mg`;
// Sums of binary fractions must not flag a dose exactly at the limit.
const exceeds = (dose: number, limit: number | undefined) => limit !== undefined && dose > limit + 1e-9;

export function checkDoseLimits(draft: PrescriptionDraft): SafetyFinding[] {
  const findings: SafetyFinding[] = [];
  draft.lines.forEach(({ drug, dosage }, line) => {
    for (const ingredient of drug.ingredients) {
      const limit = ingredient.atc ? LIMITS.get(ingredient.atc) : undefined;
      const dose = milligramsPerAdministration(drug, ingredient, dosage);
      if (!limit || dose === undefined) continue;
      const limits = limitsFor(limit, draft);
      const params = { drug: drug.name, ingredient: ingredient.name, basis: limits.basis };
      const times = administrationsPerDay(dosage);
      const finding = (text: Bilingual): SafetyFinding => ({ rule: 'dose-limit', severity: 'warning', lines: [line], message: text });
      if (exceeds(dose, limits.perAdministration)) {
        findings.push(finding(message('dose-per-administration', { ...params, dose: milligrams(dose), limit: milligrams(limits.perAdministration!) })));
      }
      if (times !== undefined && exceeds(dose * times, limits.perDay)) {
        findings.push(finding(message('dose-per-day', { ...params, dose: milligrams(dose * times), limit: milligrams(limits.perDay!) })));
      }
    }
  });
  return findings;
}
