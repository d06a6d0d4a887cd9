// The vital signs the examination screen records, as FHIR R4 vital-signs Observations (LOINC codes, UCUM units), with
// the ranges outside which a typed value is more likely a slip of the keyboard than a patient (38.5 typed as 385).
import type { Observation, Quantity } from '@medplum/fhirtypes';
import { LOINC_SYSTEM, OBSERVATION_CATEGORY_SYSTEM, UCUM_SYSTEM } from '../terminology/code-systems.ts';

export type VitalKey = 'pulse' | 'systolic' | 'diastolic' | 'temperature' | 'respiratoryRate' | 'spo2' | 'weight' | 'height';

export interface VitalSign {
  loinc: string;
  display: string;
  /** Vietnamese name, as the Observation's code.text. */
  text: string;
  unit: string;
  ucum: string;
  min: number;
  max: number;
  decimals: number;
}

export const VITAL_SIGNS: Record<VitalKey, VitalSign> = {
  pulse: { loinc: '8867-4', display: 'Heart rate', text: 'Mạch', unit: 'lần/phút', ucum: '/min', min: 20, max: 250, decimals: 0 },
  systolic: { loinc: '8480-6', display: 'Systolic blood pressure', text: 'Huyết áp tâm thu', unit: 'mmHg', ucum: 'mm[Hg]', min: 50, max: 280, decimals: 0 },
  diastolic: { loinc: '8462-4', display: 'Diastolic blood pressure', text: 'Huyết áp tâm trương', unit: 'mmHg', ucum: 'mm[Hg]', min: 20, max: 180, decimals: 0 },
  temperature: { loinc: '8310-5', display: 'Body temperature', text: 'Nhiệt độ', unit: '°C', ucum: 'Cel', min: 30, max: 44, decimals: 1 },
  respiratoryRate: { loinc: '9279-1', display: 'Respiratory rate', text: 'Nhịp thở', unit: 'lần/phút', ucum: '/min', min: 4, max: 100, decimals: 0 },
  spo2: { loinc: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry', text: 'SpO2', unit: '%', ucum: '%', min: 50, max: 100, decimals: 0 },
  weight: { loinc: '29463-7', display: 'Body weight', text: 'Cân nặng', unit: 'kg', ucum: 'kg', min: 0.3, max: 350, decimals: 1 },
  height: { loinc: '8302-2', display: 'Body height', text: 'Chiều cao', unit: 'cm', ucum: 'cm', min: 20, max: 250, decimals: 1 },
};

const BP_PANEL = { loinc: '85354-9', display: 'Blood pressure panel with all children optional', text: 'Huyết áp' };
const BMI = { loinc: '39156-5', display: 'Body mass index (BMI) [Ratio]', text: 'Chỉ số khối cơ thể (BMI)', unit: 'kg/m2', ucum: 'kg/m2' };

export type VitalTexts = Partial<Record<VitalKey, string>>;

export type VitalReading = { value: number } | { problem: 'not-a-number' | 'out-of-range' } | undefined;

/** A typed value ("36,8" or "36.8"): its number, or why it cannot be recorded; undefined when left empty. */
export function readVital(key: VitalKey, text: string | undefined): VitalReading {
  const trimmed = text?.trim().replace(',', '.') ?? '';
  if (!trimmed) return undefined;
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return { problem: 'not-a-number' };
  const value = Number(trimmed);
  const sign = VITAL_SIGNS[key];
  if (value < sign.min || value > sign.max) return { problem: 'out-of-range' };
  return { value: round(value, sign.decimals) };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Body-mass index from kg and cm, to one decimal. */
export function bodyMassIndex(weightKg: number, heightCm: number): number {
  return round(weightKg / (heightCm / 100) ** 2, 1);
}

/** The values that can be recorded, leaving out the empty and the implausible ones; BMI when both weight and height are. */
export function vitalValues(texts: VitalTexts): Partial<Record<VitalKey | 'bmi', number>> {
  const values: Partial<Record<VitalKey | 'bmi', number>> = {};
  for (const key of Object.keys(VITAL_SIGNS) as VitalKey[]) {
    const reading = readVital(key, texts[key]);
    if (reading && 'value' in reading) values[key] = reading.value;
  }
  if (values.weight !== undefined && values.height !== undefined) values.bmi = bodyMassIndex(values.weight, values.height);
  return values;
}

export interface VitalLinks {
  patientId: string;
  encounterId: string;
  effectiveDateTime: string;
}

/** Ids of the visit's vital-sign Observations, one per kind (blood pressure is one panel), so saving again updates them. */
export type VitalObservationKind = Exclude<VitalKey, 'systolic' | 'diastolic'> | 'bloodPressure' | 'bmi';

function quantity(value: number, unit: string, code: string): Quantity {
  return { value, unit, system: UCUM_SYSTEM, code };
}

function observation(id: string, links: VitalLinks, code: { loinc: string; display: string; text: string }): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'vital-signs', display: 'Vital Signs' }], text: 'Dấu hiệu sinh tồn' }],
    code: { coding: [{ system: LOINC_SYSTEM, code: code.loinc, display: code.display }], text: code.text },
    subject: { reference: `Patient/${links.patientId}` },
    encounter: { reference: `Encounter/${links.encounterId}` },
    effectiveDateTime: links.effectiveDateTime,
  };
}

function codeOf(kind: VitalObservationKind): { loinc: string; display: string; text: string } {
  return kind === 'bloodPressure' ? BP_PANEL : kind === 'bmi' ? BMI : VITAL_SIGNS[kind];
}

/** A sign recorded earlier in the visit whose value has since been cleared: the Observation, entered in error. */
export function retractedVitalObservation(kind: VitalObservationKind, id: string, links: VitalLinks): Observation {
  return { ...observation(id, links, codeOf(kind)), status: 'entered-in-error' };
}

/**
 * The Observations for what was typed: one per sign, blood pressure as the 85354-9 panel with its systolic and
 * diastolic components (both needed), BMI computed. `idOf` gives each kind its resource id.
 */
export function vitalObservations(texts: VitalTexts, links: VitalLinks, idOf: (kind: VitalObservationKind) => string): Observation[] {
  const values = vitalValues(texts);
  const observations: Observation[] = [];
  for (const key of ['pulse', 'temperature', 'respiratoryRate', 'spo2', 'weight', 'height'] as const) {
    const value = values[key];
    if (value === undefined) continue;
    const sign = VITAL_SIGNS[key];
    observations.push({ ...observation(idOf(key), links, sign), valueQuantity: quantity(value, sign.unit, sign.ucum) });
  }
  if (values.systolic !== undefined && values.diastolic !== undefined) {
    const component = (['systolic', 'diastolic'] as const).map((key) => {
      const sign = VITAL_SIGNS[key];
      return { code: { coding: [{ system: LOINC_SYSTEM, code: sign.loinc, display: sign.display }], text: sign.text }, valueQuantity: quantity(values[key]!, sign.unit, sign.ucum) };
    });
    observations.push({ ...observation(idOf('bloodPressure'), links, BP_PANEL), component });
  }
  if (values.bmi !== undefined) observations.push({ ...observation(idOf('bmi'), links, BMI), valueQuantity: quantity(values.bmi, BMI.unit, BMI.ucum) });
  return observations;
}
