// The implicit range of a FHIR date, dateTime or instant: its precision decides how long it lasts ("2025" is the
// whole year, "2025-03-15T08:30" a minute). Used alike for stored values and for search values, so both sides
// of a comparison agree.

export interface InstantRange {
  /** Epoch milliseconds of the first instant of the range. */
  low: number;
  /** Epoch milliseconds just after the last instant (exclusive). */
  high: number;
}

/**
 * Sen serves Vietnamese facilities: a date without a time (a birth date, "today's appointments") is a
 * Vietnamese calendar day, and so is a search value written without a time zone. Vietnam has no daylight time.
 */
export const LOCAL_OFFSET_MINUTES = 7 * 60;

const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The range of a date/dateTime/instant text, or undefined when it is not one (or names a day that does not exist). */
export function dateRange(text: string): InstantRange | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = zone === undefined ? LOCAL_OFFSET_MINUTES : zoneMinutes(zone);
  if (offset === undefined) return undefined;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const start = utc(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
  let end: number;
  if (mo === undefined) end = utc(year + 1, 0, 1, 0, 0, 0, 0) - offset * 60_000;
  else if (d === undefined) end = utc(year, month, 1, 0, 0, 0, 0) - offset * 60_000;
  else if (h === undefined) end = start + 86_400_000;
  else if (s === undefined) end = start + 60_000;
  else if (fraction === undefined) end = start + 1000;
  else end = start + 10 ** Math.max(0, 3 - fraction.length);
  return { low: start, high: end };
}

function zoneMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0, 0, 0, 0, 0)).getUTCDate();
}

/** Date.UTC without its mapping of years 0–99 to 1900–1999; months and days past the end carry over. */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}
