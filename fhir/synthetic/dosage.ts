// How the generator's clinical profiles prescribe: a catalogue drug and what the doctor picks in the dosage builder
// (fhir/prescription/dosage.ts), without the days, which come from the diagnosis.
import type { DoseSlot, DosageInput, MealRelation } from '../prescription/dosage.ts';
import type { CatalogueDrug } from '../prescription/medication.ts';

export interface Regimen {
  drug: CatalogueDrug;
  dosage: Omit<DosageInput, 'days'>;
}

/** Taken at fixed times of day for the whole course. */
export function scheduled(drug: CatalogueDrug, slots: readonly DoseSlot[], meal?: MealRelation, dose = 1): Regimen {
  return { drug, dosage: meal ? { dose, slots, meal } : { dose, slots } };
}

/** Taken when needed (fever, pain, breathlessness), up to a number of times a day; a fixed quantity is dispensed. */
export function asNeeded(drug: CatalogueDrug, reason: string, limits: { maxTimesPerDay: number; minHoursBetween: number }, quantity: number, dose = 1): Regimen {
  return { drug, dosage: { dose, asNeeded: { reason, ...limits }, quantity } };
}

/**
 * Applied (cream, eye drops, pessary, oral rehydration salts) a number of times a day, with the doctor's own words;
 * a pack is dispensed, or one unit each time.
 */
export function applied(drug: CatalogueDrug, text: string, timesPerDay: number, dispensed: { packs: number } | 'unit-each-time'): Regimen {
  return { drug, dosage: dispensed === 'unit-each-time' ? { dose: 1, timesPerDay, text } : { timesPerDay, text, quantity: dispensed.packs } };
}
