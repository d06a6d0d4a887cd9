// Prescription regimens and their FHIR Dosage, with the Vietnamese instruction a patient reads
// ("Sáng 1 viên, chiều 1 viên, uống sau ăn"). TT 26/2025 wants dose per time, times per day and days stated.
import type { Dosage, TimingRepeat } from '@medplum/fhirtypes';
import { SNOMED_SYSTEM, UCUM_SYSTEM } from '../terminology/code-systems.ts';
import type { Drug, Route } from './drugs.ts';

export type DoseSlot = 'morning' | 'noon' | 'evening' | 'bedtime';
export type MealRelation = 'after' | 'before' | 'any';
type EventTiming = NonNullable<TimingRepeat['when']>[number];

/** Taken at fixed times of day for the whole course. */
export interface ScheduledRegimen {
  kind: 'scheduled';
  drug: Drug;
  slots: readonly DoseSlot[];
  dose: number;
  meal: MealRelation;
}

/** Taken when needed (fever, pain, breathlessness); a fixed quantity is dispensed. */
export interface AsNeededRegimen {
  kind: 'as-needed';
  drug: Drug;
  dose: number;
  instruction: string;
  quantity: number;
}

/** Applied (cream, eye drops, pessary) a number of times a day; a pack, or a number of units per day. */
export interface AppliedRegimen {
  kind: 'applied';
  drug: Drug;
  instruction: string;
  timesPerDay: number;
  dispensed: { packs: number } | { unitsPerDay: number };
}

export type Regimen = ScheduledRegimen | AsNeededRegimen | AppliedRegimen;

export function scheduled(drug: Drug, slots: readonly DoseSlot[], meal: MealRelation, dose = 1): ScheduledRegimen {
  return { kind: 'scheduled', drug, slots, dose, meal };
}

export function asNeeded(drug: Drug, instruction: string, quantity: number, dose = 1): AsNeededRegimen {
  return { kind: 'as-needed', drug, dose, instruction, quantity };
}

export function applied(drug: Drug, instruction: string, timesPerDay: number, dispensed: AppliedRegimen['dispensed']): AppliedRegimen {
  return { kind: 'applied', drug, instruction, timesPerDay, dispensed };
}

const SLOT_LABEL: Record<DoseSlot, string> = { morning: 'sáng', noon: 'trưa', evening: 'chiều', bedtime: 'tối' };

const SLOT_TIMING: Record<DoseSlot, Record<MealRelation, EventTiming>> = {
  morning: { after: 'PCM', before: 'ACM', any: 'MORN' },
  noon: { after: 'PCD', before: 'ACD', any: 'NOON' },
  evening: { after: 'PCV', before: 'ACV', any: 'EVE' },
  bedtime: { after: 'HS', before: 'HS', any: 'HS' },
};

const MEAL_PHRASE: Record<MealRelation, string> = { after: 'uống sau ăn', before: 'uống trước ăn 30 phút', any: 'uống' };

const ROUTE_CODING: Record<Route, { code: string; display: string; vietnamese: string }> = {
  oral: { code: '26643006', display: 'Oral route', vietnamese: 'Uống' },
  topical: { code: '6064005', display: 'Topical route', vietnamese: 'Bôi ngoài da' },
  ophthalmic: { code: '54485002', display: 'Ophthalmic route', vietnamese: 'Nhỏ mắt' },
  inhalation: { code: '447694001', display: 'Respiratory tract route', vietnamese: 'Xịt hít' },
  vaginal: { code: '16857009', display: 'Vaginal route', vietnamese: 'Đặt âm đạo' },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Sáng 1 viên, chiều 1 viên, uống sau ăn"; a bedtime-only dose reads "Tối 1 viên, uống trước khi ngủ". */
export function scheduledInstruction({ drug, slots, dose, meal }: ScheduledRegimen): string {
  const doses = slots.map((slot) => `${SLOT_LABEL[slot]} ${dose} ${drug.unit}`).join(', ');
  const howToTake = slots.length === 1 && slots[0] === 'bedtime' ? 'uống trước khi ngủ' : MEAL_PHRASE[meal];
  return capitalise(`${doses}, ${howToTake}`);
}

/** A course length as a FHIR Duration in days. */
export function courseDuration(days: number) {
  return { value: days, unit: 'ngày', system: UCUM_SYSTEM, code: 'd' };
}

function routeOf(drug: Drug): Dosage['route'] {
  const route = ROUTE_CODING[drug.route];
  return { coding: [{ system: SNOMED_SYSTEM, code: route.code, display: route.display }], text: route.vietnamese };
}

export function dosageOf(regimen: Regimen, days: number): Dosage {
  const { drug } = regimen;
  switch (regimen.kind) {
    case 'scheduled':
      return {
        text: scheduledInstruction(regimen),
        timing: {
          repeat: {
            boundsDuration: courseDuration(days),
            frequency: regimen.slots.length,
            period: 1,
            periodUnit: 'd',
            when: [...new Set(regimen.slots.map((slot) => SLOT_TIMING[slot][regimen.meal]))],
          },
        },
        route: routeOf(drug),
        doseAndRate: [{ doseQuantity: { value: regimen.dose, unit: drug.unit } }],
      };
    case 'as-needed':
      return {
        text: regimen.instruction,
        asNeededBoolean: true,
        route: routeOf(drug),
        doseAndRate: [{ doseQuantity: { value: regimen.dose, unit: drug.unit } }],
      };
    case 'applied':
      return {
        text: regimen.instruction,
        timing: { repeat: { boundsDuration: courseDuration(days), frequency: regimen.timesPerDay, period: 1, periodUnit: 'd' } },
        route: routeOf(drug),
      };
  }
}

/** Units to dispense for a course of `days`. */
export function dispensedQuantity(regimen: Regimen, days: number): number {
  switch (regimen.kind) {
    case 'scheduled':
      return regimen.dose * regimen.slots.length * days;
    case 'as-needed':
      return regimen.quantity;
    case 'applied':
      return 'packs' in regimen.dispensed ? regimen.dispensed.packs : regimen.dispensed.unitsPerDay * days;
  }
}
