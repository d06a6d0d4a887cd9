// National e-prescription code (mã đơn thuốc, QĐ 808/QĐ-BYT): 14 characters = 5-digit facility code
// + 7 letters/digits chosen by the prescribing software + "-" + prescription type. The national system
// rejects a code it has already seen, so the facility software must make them unique.

/** c = ordinary (cơ bản), n = narcotic (gây nghiện), h = psychotropic/precursor (hướng thần), y = traditional (YHCT). */
export type PrescriptionType = 'c' | 'n' | 'h' | 'y';

export interface PrescriptionCode {
  /** Normalised to lower case. */
  value: string;
  facilityCode: string;
  serial: string;
  type: PrescriptionType;
}

const PRESCRIPTION_CODE_PATTERN = /^(\d{5})([0-9a-z]{7})-([cnhy])$/;
const SERIAL_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const SERIAL_LENGTH = 7;
const SERIAL_SPACE = SERIAL_ALPHABET.length ** SERIAL_LENGTH;
/** Counters run from 0 to this, exclusive: one code per counter, 36^7 per facility and type. */
export const PRESCRIPTION_COUNTER_LIMIT = SERIAL_SPACE;

export function parsePrescriptionCode(input: string): PrescriptionCode | undefined {
  const value = input.trim().toLowerCase();
  const match = PRESCRIPTION_CODE_PATTERN.exec(value);
  if (!match) return undefined;
  return { value, facilityCode: match[1], serial: match[2], type: match[3] as PrescriptionType };
}

/**
 * Builds a code from a per-facility counter. The counter is scrambled by an invertible multiplication so
 * that consecutive prescriptions do not get look-alike codes, while distinct counters still give distinct codes.
 */
export function formatPrescriptionCode(facilityCode: string, counter: number, type: PrescriptionType = 'c'): string {
  if (!/^\d{5}$/.test(facilityCode)) throw new Error(`Facility code must be 5 digits: ${facilityCode}`);
  if (!Number.isSafeInteger(counter) || counter < 0 || counter >= SERIAL_SPACE) throw new Error(`Counter out of range: ${counter}`);
  // 48,271 shares no factor with 36^7 = 2^14·3^14, so the map is a permutation of the serial space;
  // it is small enough for the product to stay an exact double.
  let scrambled = (counter * 48_271 + 12_345_678) % SERIAL_SPACE;
  let serial = '';
  for (let i = 0; i < SERIAL_LENGTH; i++) {
    serial = SERIAL_ALPHABET[scrambled % 36] + serial;
    scrambled = Math.floor(scrambled / 36);
  }
  return `${facilityCode}${serial}-${type}`;
}

/** The code as printed and read out: upper case, "01001AB12CD3-C", how implementers and pharmacists show it. */
export function displayPrescriptionCode(value: string): string {
  return value.toUpperCase();
}
