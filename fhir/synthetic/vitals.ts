// Vital signs as FHIR R4 vital-signs Observations (LOINC codes, UCUM units), with values plausible for the
// person's age and sex, their chronic diseases and what brought them in.
import type { Observation } from '@medplum/fhirtypes';
import { LOINC_SYSTEM, OBSERVATION_CATEGORY_SYSTEM, UCUM_SYSTEM } from '../terminology/code-systems.ts';
import type { NameSex } from './names.ts';
import type { Rng } from './random.ts';

/** Stable traits of one person, so that repeated visits show the same person. */
export interface Physiology {
  sex: NameSex;
  /** Height percentile as a z-score. */
  heightZ: number;
  /** Adult body-mass index, or weight-for-age z-score for children. */
  adultBmi: number;
  childWeightZ: number;
  hypertensive: boolean;
}

export interface VisitVitalsContext {
  ageYears: number;
  fever: boolean;
  respiratory: boolean;
  /** Height is measured once for adults, at every visit for children. */
  measureHeight: boolean;
}

/** Literal references ("Type/id") and time shared by a visit's observations. */
export interface ObservationLinks {
  subject: string;
  encounter: string;
  performer: string;
  effectiveDateTime: string;
}

export function generatePhysiology(rng: Rng, sex: NameSex, ageYears: number, hypertensive: boolean): Physiology {
  const meanBmi = ageYears >= 40 ? 23 : 21.5;
  return { sex, heightZ: rng.normal(0, 1), adultBmi: Math.max(16.5, rng.normal(meanBmi, 2.8)), childWeightZ: rng.normal(0, 1), hypertensive };
}

/** Median height (cm) and weight (kg) by age for Vietnamese boys and girls; linear between rows. */
const GROWTH: readonly (readonly [age: number, boyCm: number, girlCm: number, boyKg: number, girlKg: number])[] = [
  [0, 50, 49, 3.2, 3.1], [0.5, 67, 65, 7.8, 7.2], [1, 75, 74, 9.6, 9.0], [2, 86, 85, 12.0, 11.5], [3, 95, 94, 14.0, 13.6],
  [5, 109, 108, 18.0, 17.5], [8, 126, 125, 25.0, 24.0], [10, 137, 137, 31.0, 31.0], [12, 148, 149, 39.0, 40.0],
  [14, 160, 153, 49.0, 45.0], [16, 165, 155, 55.0, 48.0], [18, 166, 155, 57.0, 49.0],
];
const ADULT_HEIGHT_SD_CM = 6;

function growthMedian(ageYears: number, column: 1 | 2 | 3 | 4): number {
  const age = Math.min(ageYears, 18);
  let upper = 1;
  while (GROWTH[upper][0] < age) upper++;
  const [fromAge] = GROWTH[upper - 1];
  const share = (age - fromAge) / (GROWTH[upper][0] - fromAge);
  return GROWTH[upper - 1][column] + share * (GROWTH[upper][column] - GROWTH[upper - 1][column]);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function heightCm(physiology: Physiology, ageYears: number): number {
  const median = growthMedian(ageYears, physiology.sex === 'male' ? 1 : 2);
  const spread = ageYears >= 18 ? ADULT_HEIGHT_SD_CM : median * 0.04;
  return round(median + physiology.heightZ * spread, 1);
}

export function weightKg(physiology: Physiology, ageYears: number): number {
  if (ageYears >= 18) return round(physiology.adultBmi * (heightCm(physiology, ageYears) / 100) ** 2, 1);
  const median = growthMedian(ageYears, physiology.sex === 'male' ? 3 : 4);
  return round(median * (1 + 0.11 * physiology.childWeightZ), 1);
}

function quantity(value: number, unit: string, code: string) {
  return { value, unit, system: UCUM_SYSTEM, code };
}

// Every resource gets its own objects (no shared sub-objects), so callers may mutate one without touching others.
function vital(rng: Rng, links: ObservationLinks, codes: readonly (readonly [string, string])[], text: string): Observation {
  return {
    resourceType: 'Observation',
    id: rng.uuid(),
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'vital-signs', display: 'Vital Signs' }], text: 'Dấu hiệu sinh tồn' }],
    code: { coding: codes.map(([code, display]) => ({ system: LOINC_SYSTEM, code, display })), text },
    subject: { reference: links.subject },
    encounter: { reference: links.encounter },
    effectiveDateTime: links.effectiveDateTime,
    performer: [{ reference: links.performer }],
  };
}

function withValue(observation: Observation, value: number, unit: string, ucum: string): Observation {
  observation.valueQuantity = quantity(value, unit, ucum);
  return observation;
}

function restingPulse(rng: Rng, ageYears: number, fever: boolean): number {
  const base = ageYears < 1 ? 130 : ageYears < 6 ? 105 : ageYears < 12 ? 90 : 76;
  return Math.round(rng.normal(base, 8) + (fever ? 12 : 0));
}

function respiratoryRate(rng: Rng, ageYears: number, respiratory: boolean): number {
  const base = ageYears < 1 ? 38 : ageYears < 6 ? 28 : ageYears < 12 ? 22 : 18;
  return Math.round(rng.normal(base, 2) + (respiratory ? rng.int(1, 5) : 0));
}

function bodyTemperature(rng: Rng, fever: boolean): number {
  return round(fever ? rng.real(37.8, 39.6) : rng.normal(36.7, 0.2), 1);
}

/** Only measured for breathing complaints, hence a little below the healthy 97–99%. */
function oxygenSaturation(rng: Rng): number {
  return Math.min(100, Math.round(rng.normal(96, 1.3)));
}

function bloodPressure(rng: Rng, physiology: Physiology, ageYears: number): [systolic: number, diastolic: number] {
  const systolic = physiology.hypertensive ? rng.normal(148, 10) : rng.normal(108 + 0.45 * (ageYears - 18), 8);
  const diastolic = physiology.hypertensive ? rng.normal(90, 6) : rng.normal(68 + 0.2 * (ageYears - 18), 5);
  return [Math.round(systolic), Math.round(Math.min(diastolic, systolic - 25))];
}

/** Adults get blood pressure; children respiratory rate and weight; fever and breathing complaints add their signs. */
export function generateVitalSigns(rng: Rng, physiology: Physiology, visit: VisitVitalsContext, links: ObservationLinks): Observation[] {
  const { ageYears } = visit;
  const adult = ageYears >= 16;
  const observations: Observation[] = [withValue(vital(rng, links, [['8867-4', 'Heart rate']], 'Mạch'), restingPulse(rng, ageYears, visit.fever), 'lần/phút', '/min')];

  if (adult) {
    const [systolic, diastolic] = bloodPressure(rng, physiology, ageYears);
    const panel = vital(rng, links, [['85354-9', 'Blood pressure panel with all children optional']], 'Huyết áp');
    panel.component = [
      { code: { coding: [{ system: LOINC_SYSTEM, code: '8480-6', display: 'Systolic blood pressure' }], text: 'Huyết áp tâm thu' }, valueQuantity: quantity(systolic, 'mmHg', 'mm[Hg]') },
      { code: { coding: [{ system: LOINC_SYSTEM, code: '8462-4', display: 'Diastolic blood pressure' }], text: 'Huyết áp tâm trương' }, valueQuantity: quantity(diastolic, 'mmHg', 'mm[Hg]') },
    ];
    observations.push(panel);
  }
  if (visit.fever || !adult || rng.chance(0.3)) {
    observations.push(withValue(vital(rng, links, [['8310-5', 'Body temperature']], 'Nhiệt độ'), bodyTemperature(rng, visit.fever), '°C', 'Cel'));
  }
  if (!adult || visit.respiratory) {
    observations.push(withValue(vital(rng, links, [['9279-1', 'Respiratory rate']], 'Nhịp thở'), respiratoryRate(rng, ageYears, visit.respiratory), 'lần/phút', '/min'));
  }
  if (visit.respiratory) {
    const codes = [['2708-6', 'Oxygen saturation in Arterial blood'], ['59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry']] as const;
    observations.push(withValue(vital(rng, links, codes, 'SpO2'), oxygenSaturation(rng), '%', '%'));
  }
  const measureWeight = !adult || visit.measureHeight || rng.chance(0.5);
  if (measureWeight) {
    const weight = weightKg(physiology, ageYears);
    observations.push(withValue(vital(rng, links, [['29463-7', 'Body weight']], 'Cân nặng'), weight, 'kg', 'kg'));
    if (visit.measureHeight) {
      const height = heightCm(physiology, ageYears);
      observations.push(withValue(vital(rng, links, [['8302-2', 'Body height']], 'Chiều cao'), height, 'cm', 'cm'));
      if (ageYears >= 2) {
        observations.push(withValue(vital(rng, links, [['39156-5', 'Body mass index (BMI) [Ratio]']], 'Chỉ số BMI'), round(weight / (height / 100) ** 2, 1), 'kg/m2', 'kg/m2'));
      }
    }
  }
  return observations;
}
