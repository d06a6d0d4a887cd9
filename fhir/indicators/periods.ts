// Reporting periods: a Vietnamese calendar day, ISO week or month. Epidemiological weeks are ISO 8601 weeks
// (Monday to Sunday, week 1 holds the year's first Thursday), counted on Vietnamese calendar days.
import { DAY_MS } from '../vietnam-time.ts';

export type PeriodKind = 'day' | 'week' | 'month';

export interface ReportPeriod {
  kind: PeriodKind;
  /** "2026-11-21", "2026-W47" or "2026-11". */
  label: string;
  /** First and last day, inclusive, YYYY-MM-DD. */
  start: string;
  end: string;
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (number: number) => new Date(number * DAY_MS).toISOString().slice(0, 10);
const isDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && dateOf(dayNumber(date)) === date;
/** 0 for Monday … 6 for Sunday. */
const isoWeekday = (number: number) => (((number + 3) % 7) + 7) % 7;

/** The Monday of ISO week 1 of `year`: the week holding 4 January. */
function firstIsoMonday(year: number): number {
  const january4 = dayNumber(`${String(year).padStart(4, '0')}-01-04`);
  return january4 - isoWeekday(january4);
}

/** The ISO week of a YYYY-MM-DD day, e.g. "2026-W53"; its year may differ from the day's around New Year. */
export function isoWeekOf(date: string): string {
  const number = dayNumber(date);
  const thursday = number - isoWeekday(number) + 3;
  const year = Number(dateOf(thursday).slice(0, 4));
  const week = Math.floor((thursday - firstIsoMonday(year)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function weeksIn(year: number): number {
  return Number(isoWeekOf(`${year}-12-28`).slice(6));
}

/** Parses "day:2026-11-21", "week:2026-W47" or "month:2026-11"; undefined when it is none of them. */
export function parsePeriod(text: string): ReportPeriod | undefined {
  const [kind, label] = text.split(':', 2);
  if (kind === 'day' && label && isDate(label)) return { kind, label, start: label, end: label };
  const week = kind === 'week' ? /^(\d{4})-W(\d{2})$/.exec(label ?? '') : null;
  if (week) {
    const [year, number] = [Number(week[1]), Number(week[2])];
    if (number < 1 || number > weeksIn(year)) return undefined;
    const monday = firstIsoMonday(year) + (number - 1) * 7;
    return { kind: 'week', label, start: dateOf(monday), end: dateOf(monday + 6) };
  }
  const month = kind === 'month' ? /^(\d{4})-(\d{2})$/.exec(label ?? '') : null;
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const next = Number(month[2]) === 12 ? `${Number(month[1]) + 1}-01-01` : `${month[1]}-${String(Number(month[2]) + 1).padStart(2, '0')}-01`;
    return { kind: 'month', label, start: `${label}-01`, end: dateOf(dayNumber(next) - 1) };
  }
  return undefined;
}
