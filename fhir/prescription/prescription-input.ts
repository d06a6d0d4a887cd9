// What the prescription editor sends to check or sign a prescription, read from untrusted JSON: the patient and visit,
// the diagnoses (main first), each drug of the facility's catalogue with the doctor's dosage choices, the advice, and
// the warnings the doctor acknowledged. The dosage itself is checked by the dosage builder.
// primitives.ts, not validate.ts: the web app's editor reads these rules too, without the FHIR validator.
import { isValidId } from '../validation/primitives.ts';
import type { DosageInput, DoseSlot, MealRelation } from './dosage.ts';

export interface PrescriptionInputLine {
  medicationId: string;
  dosage: DosageInput;
}

export interface PrescriptionInput {
  patientId: string;
  encounterId?: string;
  /** Condition ids, main diagnosis first; absent: the visit's diagnoses. */
  conditionIds?: string[];
  lines: PrescriptionInputLine[];
  advice?: string;
  /** findingKey() of each warning the doctor weighed. */
  acknowledgedWarnings: string[];
}

export class PrescriptionInputError extends Error {}

/** Drugs on one prescription, and so in one template. */
export const MAX_PRESCRIPTION_LINES = 30;
const MAX_ADVICE = 1000;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function id(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isValidId(value)) throw new PrescriptionInputError(`"${field}" must be a resource id`);
  return value;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new PrescriptionInputError(`"${field}" must be a list of strings`);
  return value;
}

const SLOTS: readonly DoseSlot[] = ['morning', 'noon', 'afternoon', 'evening', 'bedtime'];
const MEALS: readonly MealRelation[] = ['before-meal', 'after-meal', 'with-meal'];
const NUMBER_FIELDS = ['dose', 'timesPerDay', 'days', 'quantity'] as const;
const TEXT_FIELDS = ['doseUnit', 'note', 'text'] as const;

/** The dosage choices with the types the builder expects; their values (days ≥ 1, dose > 0…) are the builder's to check. */
export function readDosageInput(value: unknown, field: string): DosageInput {
  if (!isObject(value)) throw new PrescriptionInputError(`${field} must be {dose, slots or timesPerDay, meal, days, …}`);
  for (const name of NUMBER_FIELDS) {
    if (value[name] !== undefined && typeof value[name] !== 'number') throw new PrescriptionInputError(`${field}.${name} must be a number`);
  }
  if (typeof value.days !== 'number') throw new PrescriptionInputError(`${field}.days is required: the number of days`);
  for (const name of TEXT_FIELDS) {
    if (value[name] !== undefined && typeof value[name] !== 'string') throw new PrescriptionInputError(`${field}.${name} must be text`);
  }
  if (value.slots !== undefined && !(Array.isArray(value.slots) && value.slots.every((slot) => SLOTS.includes(slot)))) {
    throw new PrescriptionInputError(`${field}.slots must list times of day among ${SLOTS.join(', ')}`);
  }
  if (value.meal !== undefined && !MEALS.includes(value.meal as MealRelation)) throw new PrescriptionInputError(`${field}.meal must be one of ${MEALS.join(', ')}`);
  const { asNeeded } = value;
  if (asNeeded !== undefined && !(isObject(asNeeded) && typeof asNeeded.reason === 'string'
    && ['maxTimesPerDay', 'minHoursBetween'].every((name) => asNeeded[name] === undefined || typeof asNeeded[name] === 'number'))) {
    throw new PrescriptionInputError(`${field}.asNeeded must be {reason, maxTimesPerDay?, minHoursBetween?}`);
  }
  // Only the builder's fields go on: a template keeps what it was sent, and must not keep anything else.
  const known = [...NUMBER_FIELDS, ...TEXT_FIELDS, 'slots', 'meal', 'asNeeded'].filter((name) => value[name] !== undefined);
  return Object.fromEntries(known.map((name) => [name, value[name]])) as unknown as DosageInput;
}

/** The drugs of a prescription, or of a prescription template: 1 to MAX_PRESCRIPTION_LINES {medicationId, dosage}. */
export function readPrescriptionLines(lines: unknown): PrescriptionInputLine[] {
  if (!Array.isArray(lines) || lines.length === 0 || lines.length > MAX_PRESCRIPTION_LINES) {
    throw new PrescriptionInputError(`"lines" must list 1–${MAX_PRESCRIPTION_LINES} drugs, each {medicationId, dosage}`);
  }
  return lines.map((line, i) => {
    if (!isObject(line)) throw new PrescriptionInputError(`lines[${i}] must be {medicationId, dosage: {…}}`);
    return { medicationId: id(line.medicationId, `lines[${i}].medicationId`), dosage: readDosageInput(line.dosage, `lines[${i}].dosage`) };
  });
}

export function readPrescriptionInput(body: unknown): PrescriptionInput {
  if (!isObject(body)) throw new PrescriptionInputError('The body must be a JSON object {patientId, lines: [{medicationId, dosage}], …}');
  const { patientId, encounterId, conditionIds, lines, advice, acknowledgedWarnings } = body;
  const drugs = readPrescriptionLines(lines);
  const input: PrescriptionInput = {
    patientId: id(patientId, 'patientId'),
    lines: drugs,
    acknowledgedWarnings: acknowledgedWarnings === undefined ? [] : stringList(acknowledgedWarnings, 'acknowledgedWarnings'),
  };
  if (encounterId !== undefined) input.encounterId = id(encounterId, 'encounterId');
  if (conditionIds !== undefined) input.conditionIds = stringList(conditionIds, 'conditionIds').map((value, i) => id(value, `conditionIds[${i}]`));
  if (advice !== undefined) {
    if (typeof advice !== 'string' || advice.length > MAX_ADVICE) throw new PrescriptionInputError(`"advice" must be text of at most ${MAX_ADVICE} characters`);
    if (advice.trim()) input.advice = advice.trim();
  }
  if (!input.encounterId && !input.conditionIds?.length) throw new PrescriptionInputError('Name the visit ("encounterId") or its diagnoses ("conditionIds"): a prescription needs a diagnosis');
  return input;
}
