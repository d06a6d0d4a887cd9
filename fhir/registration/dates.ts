// Dates as a Vietnamese clerk types and reads them (dd/mm/yyyy, or a year alone for people who do not know their
// birthday), and as FHIR stores them (YYYY-MM-DD or YYYY). Vietnam is UTC+07:00 all year.
import { VIETNAM_OFFSET_MS } from '../vietnam-time.ts';

const YEAR_MS = 365.2425 * 86_400_000;

export type TypedDate = { kind: 'full'; date: string } | { kind: 'year'; year: number };

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Reads "12/03/1985", "12-3-1985", "12.03.1985", "12031985" (8 digits) or "1985" (year only). Undefined for
 * anything else, including dates that do not exist (31/02).
 */
export function parseTypedDate(input: string): TypedDate | undefined {
  const text = input.trim();
  if (/^\d{4}$/.test(text)) {
    const year = Number(text);
    return year >= 1800 ? { kind: 'year', year } : undefined;
  }
  const separated = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$/.exec(text);
  const match: readonly string[] | undefined = separated ?? (/^\d{8}$/.test(text) ? [text, text.slice(0, 2), text.slice(2, 4), text.slice(4)] : undefined);
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1800 || !isRealDate(year, month, day)) return undefined;
  return { kind: 'full', date: `${year}-${pad(month)}-${pad(day)}` };
}

/** The FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) of a typed date. */
export function fhirDateOf(typed: TypedDate): string {
  return typed.kind === 'year' ? String(typed.year) : typed.date;
}

/** A FHIR date or dateTime shown the Vietnamese way: dd/mm/yyyy (mm/yyyy, yyyy for partial dates). */
export function formatVnDate(fhirDate: string | undefined): string {
  if (!fhirDate) return '';
  const [year, month, day] = fhirDate.slice(0, 10).split('-');
  if (day) return `${day}/${month}/${year}`;
  if (month) return `${month}/${year}`;
  return year;
}

/** "HH:mm dd/mm/yyyy" in Vietnamese time, for an instant. */
export function formatVnDateTime(epochMs: number): string {
  const local = new Date(epochMs + VIETNAM_OFFSET_MS);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/** Compares FHIR dates at day precision (a year-only date counts as 1 January). */
function toUtcMs(fhirDate: string): number {
  const [year, month = '01', day = '01'] = fhirDate.slice(0, 10).split('-');
  return Date.UTC(Number(year), Number(month) - 1, Number(day));
}

export interface Age {
  years: number;
  /** Whole months, for children: prescriptions for children under 72 months state months. */
  months: number;
}

/**
 * Age on `today` (YYYY-MM-DD) of someone born on `birthDate` (FHIR date). A year-only birth date gives the age
 * Vietnamese forms use: this year minus the birth year.
 */
export function ageOn(birthDate: string, today: string): Age {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  if (bm === undefined) return { years: ty - by, months: (ty - by) * 12 };
  let months = (ty - by) * 12 + (tm - bm) - (td < (bd ?? 1) ? 1 : 0);
  if (months < 0) months = 0;
  return { years: Math.floor(months / 12), months };
}

/** True when the date is after `today`. */
export function isAfterDay(fhirDate: string, today: string): boolean {
  if (/^\d{4}$/.test(fhirDate)) return Number(fhirDate) > Number(today.slice(0, 4));
  return toUtcMs(fhirDate) > toUtcMs(today);
}

export function yearsBetween(fromDate: string, toDate: string): number {
  return (toUtcMs(toDate) - toUtcMs(fromDate)) / YEAR_MS;
}
