// Số định danh cá nhân / căn cước (CCCD): 12 digits = 3-digit place of birth registration, 1 digit for
// sex and century, 2 digits of the birth year, 6 random digits (NĐ 137/2015, TT 07/2016/TT-BCA).
// Registry errors exist, so a disagreement with the patient record is a warning, never a rejection.
import type { Patient } from '@medplum/fhirtypes';
import type { Rng } from '../synthetic/random.ts';
import { findLegacyProvince, type LegacyProvince } from '../terminology/admin-units.ts';

export type CccdSex = 'male' | 'female';

export interface CccdParts {
  value: string;
  /** Digits 1–3: where the birth was registered. */
  birthPlaceCode: string;
  /**
   * The province for that code: "0" + the province's code before 1 July 2025 (001 Hà Nội, 079 TP HCM…).
   * Codes were not renumbered for the 2025 merger; undefined when the code is not a province.
   */
  birthProvince?: LegacyProvince;
  sex: CccdSex;
  birthYear: number;
  /** Digits 7–12. */
  serial: string;
}

const CCCD_PATTERN = /^\d{12}$/;

export function isCccdFormat(value: string): boolean {
  return CCCD_PATTERN.test(value);
}

/** Digit 4: even for men, odd for women; 0–1 the 1900s, 2–3 the 2000s, … 8–9 the 2300s. */
function decodeSexCentury(digit: number): { sex: CccdSex; century: number } {
  return { sex: digit % 2 === 0 ? 'male' : 'female', century: 1900 + Math.floor(digit / 2) * 100 };
}

function encodeSexCentury(sex: CccdSex, birthYear: number): number {
  const centuryIndex = Math.floor(birthYear / 100) - 19;
  if (centuryIndex < 0 || centuryIndex > 4) throw new Error(`A CCCD cannot encode birth year ${birthYear}`);
  return centuryIndex * 2 + (sex === 'female' ? 1 : 0);
}

/** Decodes a CCCD; undefined when it is not 12 digits. */
export function parseCccd(value: string): CccdParts | undefined {
  if (!isCccdFormat(value)) return undefined;
  const birthPlaceCode = value.slice(0, 3);
  const { sex, century } = decodeSexCentury(Number(value[3]));
  const birthProvince = birthPlaceCode[0] === '0' ? findLegacyProvince(birthPlaceCode.slice(1)) : undefined;
  const parts: CccdParts = { value, birthPlaceCode, sex, birthYear: century + Number(value.slice(4, 6)), serial: value.slice(6) };
  if (birthProvince) parts.birthProvince = birthProvince;
  return parts;
}

export type CccdWarning =
  | { code: 'invalid-format' }
  | { code: 'sex-mismatch'; cccdSex: CccdSex; recordSex: CccdSex }
  | { code: 'birth-year-mismatch'; cccdBirthYear: number; recordBirthYear: number };

export interface CccdRecordFacts {
  gender?: Patient['gender'];
  birthYear?: number;
}

/** Warnings where the CCCD contradicts what the record says; an empty list when they agree or facts are missing. */
export function checkCccdAgainst(cccd: string, record: CccdRecordFacts): CccdWarning[] {
  const parts = parseCccd(cccd);
  if (!parts) return [{ code: 'invalid-format' }];
  const warnings: CccdWarning[] = [];
  if ((record.gender === 'male' || record.gender === 'female') && record.gender !== parts.sex) {
    warnings.push({ code: 'sex-mismatch', cccdSex: parts.sex, recordSex: record.gender });
  }
  if (record.birthYear !== undefined && record.birthYear !== parts.birthYear) {
    warnings.push({ code: 'birth-year-mismatch', cccdBirthYear: parts.birthYear, recordBirthYear: record.birthYear });
  }
  return warnings;
}

export interface CccdFacts {
  /** 3 digits, e.g. "001". */
  birthPlaceCode: string;
  sex: CccdSex;
  birthYear: number;
  /** 0–999,999 for digits 7–12; random when absent. Pass distinct serials to get distinct numbers. */
  serial?: number;
}

export function generateCccd(rng: Rng, { birthPlaceCode, sex, birthYear, serial }: CccdFacts): string {
  if (!/^\d{3}$/.test(birthPlaceCode)) throw new Error(`Birth place code must be 3 digits: ${birthPlaceCode}`);
  const serialDigits = serial ?? rng.int(0, 999_999);
  const yearDigits = String(birthYear % 100).padStart(2, '0');
  return `${birthPlaceCode}${encodeSexCentury(sex, birthYear)}${yearDigits}${String(serialDigits % 1_000_000).padStart(6, '0')}`;
}
