// Dates and times in Vietnam (UTC+07:00, no daylight saving), from epoch milliseconds.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const VIETNAM_OFFSET_MS = 7 * HOUR_MS;

// Formatting timestamps dominated generation time, so calendar days are formatted once and cached (a
// dataset spans a few thousand distinct days), and the last day is remembered: a visit's times share it.
const dateByDayNumber = new Map<number, string>();
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
let lastDayNumber = NaN;
let lastDate = '';

function localDate(localMs: number): string {
  const dayNumber = Math.floor(localMs / DAY_MS);
  if (dayNumber === lastDayNumber) return lastDate;
  let date = dateByDayNumber.get(dayNumber);
  if (date === undefined) {
    date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    dateByDayNumber.set(dayNumber, date);
  }
  lastDayNumber = dayNumber;
  lastDate = date;
  return date;
}

/** FHIR dateTime with the Vietnamese offset, to the second, e.g. "2025-03-04T08:15:00+07:00". */
export function vnDateTime(epochMs: number): string {
  const localMs = epochMs + VIETNAM_OFFSET_MS;
  const secondOfDay = Math.floor((localMs - Math.floor(localMs / DAY_MS) * DAY_MS) / 1000);
  const hours = Math.floor(secondOfDay / 3600);
  const minutes = Math.floor((secondOfDay % 3600) / 60);
  return `${localDate(localMs)}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[secondOfDay % 60]}+07:00`;
}

/** FHIR date of the Vietnamese calendar day containing the instant. */
export function vnDate(epochMs: number): string {
  return localDate(epochMs + VIETNAM_OFFSET_MS);
}

/** Midnight in Vietnam at the start of a "YYYY-MM-DD" day. */
export function vnMidnight(date: string): number {
  const epochMs = Date.parse(`${date}T00:00:00+07:00`);
  if (Number.isNaN(epochMs)) throw new Error(`Not a date: ${date}`);
  return epochMs;
}

/** Midnight in Vietnam at the start of the day containing the instant. */
export function vnStartOfDay(epochMs: number): number {
  return epochMs - ((((epochMs + VIETNAM_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Day of week of the Vietnamese calendar day (0 = Sunday). */
export function vnWeekday(epochMs: number): number {
  return new Date(epochMs + VIETNAM_OFFSET_MS).getUTCDay();
}

/** Calendar year in Vietnam. */
export function vnYear(epochMs: number): number {
  return new Date(epochMs + VIETNAM_OFFSET_MS).getUTCFullYear();
}

export const YEAR_MS = 365.2425 * DAY_MS;

/** The day synthetic data is generated "as of" unless a caller says otherwise: fixed, so output is reproducible. */
export const DEFAULT_AS_OF = '2026-06-01';
