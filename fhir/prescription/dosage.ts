// The dosage builder: what the doctor picks (amount per administration, times of day or times per day, before or
// after meals, days) becomes the FHIR Dosage, the Vietnamese wording on the paper, the insurance form of the dose and
// the quantity to dispense. TT 26/2025 wants the amount per administration, the times per day and the days stated.
import type { CodeableConcept, Dosage, TimingRepeat } from '@medplum/fhirtypes';
import { SNOMED_SYSTEM, UCUM_SYSTEM } from '../terminology/code-systems.ts';
import { findDrugRoute } from '../terminology/drug-routes.ts';
import { capitalise, dosageWording, formatDose, MEAL_PHRASE, type DoseSlot, type MealRelation } from './dosage-wording.ts';
import { insuranceDoseText } from './insurance-dose.ts';
import { routeConcept } from './medication-resource.ts';
import { doseUnitOf, type CatalogueDrug } from './medication.ts';

export type { DoseSlot, MealRelation } from './dosage-wording.ts';

export interface AsNeeded {
  /** When to take it, as the instruction says: "khi sốt trên 38,5°C". */
  reason: string;
  maxTimesPerDay?: number;
  minHoursBetween?: number;
}

export interface DosageInput {
  /** Amount per administration; absent for what is applied rather than measured (a cream). */
  dose?: number;
  /** Unit of the dose when it is not the drug's ("giọt" for eye drops sold by the bottle). */
  doseUnit?: string;
  /** Times of day; their number is the times per day. */
  slots?: readonly DoseSlot[];
  /** Times per day, when no times of day are chosen. */
  timesPerDay?: number;
  meal?: MealRelation;
  days: number;
  asNeeded?: AsNeeded;
  /** Said after the generated wording: "pha với 200 ml nước". */
  note?: string;
  /** The doctor's own wording, replacing the generated one. */
  text?: string;
  /** Units to dispense, when it cannot be computed (a tube of cream) or the doctor rounds it. */
  quantity?: number;
}

export interface BuiltDosage {
  dosage: Dosage;
  /** "Sáng 1 viên, chiều 1 viên, uống sau ăn" */
  wording: string;
  /** "1 viên/lần * 2 lần/ngày * 5 ngày [2 viên/ngày]"; absent when the dose is not measured. */
  insuranceWording?: string;
  /** In the drug's dispensing unit; absent when neither computable nor given. */
  quantity?: number;
  days: number;
}

export class DosageInputError extends Error {}

const SLOT_TIMING: Record<DoseSlot, NonNullable<TimingRepeat['when']>[number]> = {
  morning: 'MORN',
  noon: 'NOON',
  afternoon: 'AFT',
  evening: 'EVE',
  bedtime: 'HS',
};

/** SNOMED CT additional dosage instructions (FHIR value set additional-instruction-codes). */
const MEAL_INSTRUCTION: Record<MealRelation, { code: string; display: string }> = {
  'before-meal': { code: '311501008', display: 'Half to one hour before food' },
  'after-meal': { code: '311504000', display: 'With or after food' },
  'with-meal': { code: '311504000', display: 'With or after food' },
};

/** A course length as a FHIR Duration in days. */
export function courseDuration(days: number) {
  return { value: days, unit: 'ngày', system: UCUM_SYSTEM, code: 'd' };
}

function isPositive(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

/** Times a day the drug is taken: the times of day chosen, else the times per day; for as-needed drugs, at most. */
export function administrationsPerDay(input: Omit<DosageInput, 'days'>): number | undefined {
  if (input.asNeeded) return input.asNeeded.maxTimesPerDay;
  return input.slots?.length || input.timesPerDay;
}

function timesPerDayOf(input: DosageInput): number {
  const times = administrationsPerDay(input);
  if (input.asNeeded) return times ?? 0;
  if (!isPositive(times) || !Number.isInteger(times)) throw new DosageInputError('Choose the times of day or a whole number of times per day');
  if (input.slots?.length && input.timesPerDay !== undefined && input.timesPerDay !== input.slots.length) {
    throw new DosageInputError(`The times of day chosen (${input.slots.length}) do not match ${input.timesPerDay} times per day`);
  }
  return times;
}

function checkInput(input: DosageInput): void {
  if (!Number.isInteger(input.days) || input.days < 1) throw new DosageInputError(`Days must be a whole number from 1, got ${input.days}`);
  if (input.dose !== undefined && !isPositive(input.dose)) throw new DosageInputError(`The dose must be above 0, got ${input.dose}`);
  if (input.quantity !== undefined && !isPositive(input.quantity)) throw new DosageInputError(`The quantity must be above 0, got ${input.quantity}`);
  if (input.asNeeded && !input.asNeeded.reason.trim()) throw new DosageInputError('Say when an as-needed drug is taken');
}

/**
 * Dispensing units for the course: per administration × times per day × days, converted when the dose is measured in
 * what a unit holds (5 ml of a 60 ml bottle), rounded up to whole units. Undefined when the dose is not measured in
 * either (drops from a bottle), or an as-needed drug has no daily maximum.
 */
export function computeQuantity(drug: CatalogueDrug, doseUnit: string, dose: number | undefined, timesPerDay: number, days: number): number | undefined {
  if (dose === undefined || timesPerDay === 0) return undefined;
  const perUnit = doseUnit === drug.unit ? 1 : doseUnit === drug.unitContent?.unit ? drug.unitContent.value : undefined;
  if (perUnit === undefined) return undefined;
  // Rounding first keeps 0.1 + 0.2-style binary noise from adding a whole tablet.
  const units = Math.round(((dose * timesPerDay * days) / perUnit) * 1000) / 1000;
  return Math.ceil(units);
}

function mealInstruction(meal: MealRelation, verb: string): CodeableConcept {
  return { coding: [{ system: SNOMED_SYSTEM, ...MEAL_INSTRUCTION[meal] }], text: capitalise(`${verb} ${MEAL_PHRASE[meal]}`) };
}

export function buildDosage(drug: CatalogueDrug, input: DosageInput): BuiltDosage {
  checkInput(input);
  const route = findDrugRoute(drug.routeCode);
  if (!route) throw new DosageInputError(`Unknown route code ${drug.routeCode}`);
  const timesPerDay = timesPerDayOf(input);
  const doseUnit = input.doseUnit ?? doseUnitOf(drug);
  const wording =
    input.text?.trim() ||
    dosageWording({
      verb: route.verb,
      dose: input.dose === undefined ? undefined : `${formatDose(input.dose)} ${doseUnit}`,
      slots: input.slots,
      timesPerDay,
      meal: input.meal,
      asNeeded: input.asNeeded,
      note: input.note?.trim(),
    });

  const repeat: TimingRepeat = { boundsDuration: courseDuration(input.days) };
  if (input.asNeeded) {
    // "Up to n times a day": FHIR's frequencyMax, with frequency 1.
    if (input.asNeeded.maxTimesPerDay) Object.assign(repeat, { frequency: 1, frequencyMax: input.asNeeded.maxTimesPerDay, period: 1, periodUnit: 'd' });
  } else {
    Object.assign(repeat, { frequency: timesPerDay, period: 1, periodUnit: 'd' });
    if (input.slots?.length) repeat.when = input.slots.map((slot) => SLOT_TIMING[slot]);
  }
  const dosage: Dosage = { text: wording, timing: { repeat } };
  if (input.meal) dosage.additionalInstruction = [mealInstruction(input.meal, route.verb)];
  if (input.asNeeded) dosage.asNeededCodeableConcept = { text: input.asNeeded.reason };
  dosage.route = routeConcept(drug.routeCode);
  if (input.dose !== undefined) {
    dosage.doseAndRate = [{ doseQuantity: { value: input.dose, unit: doseUnit } }];
    if (input.asNeeded?.maxTimesPerDay) {
      dosage.maxDosePerPeriod = {
        numerator: { value: input.dose * input.asNeeded.maxTimesPerDay, unit: doseUnit },
        denominator: { value: 1, unit: 'ngày', system: UCUM_SYSTEM, code: 'd' },
      };
    }
  }

  const built: BuiltDosage = { dosage, wording, days: input.days };
  const insuranceWording = insuranceDoseText(dosage);
  if (insuranceWording) built.insuranceWording = insuranceWording;
  const quantity = input.quantity ?? computeQuantity(drug, doseUnit, input.dose, timesPerDay, input.days);
  if (quantity !== undefined) built.quantity = quantity;
  return built;
}
