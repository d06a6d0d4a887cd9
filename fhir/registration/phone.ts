// Vietnamese phone numbers as clerks type them.

/** Digits of a phone number as dialled in Vietnam: spaces, dots and dashes dropped, +84/84 → 0. */
export function normalizePhone(input: string): string {
  let digits = input.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (/^84\d{9,10}$/.test(digits)) digits = `0${digits.slice(2)}`;
  return digits;
}

/** Mobile: 10 digits, 03/05/07/08/09 networks; landline: 11 digits starting 02 (area code + number). */
export function isVietnamesePhone(digits: string): boolean {
  return /^0[35789]\d{8}$/.test(digits) || /^02\d{9}$/.test(digits);
}

