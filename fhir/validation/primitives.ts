// Primitive value rules where @medplum/core's validator is looser than R4 (or has no rule at all).
// The regular expressions are the ones R4 publishes on each primitive type's `value` element.
import { error, quoted, type ValidationIssue } from './issues.ts';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

// Unlike medplum's, R4's dateTime allows a time only with seconds and a time zone.
const DATE_TIME =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;
const INSTANT =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
const TIME_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T[^Z+-]*$/;
const DATE_TIME_FORMS = 'YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff] with Z or ±hh:mm';

// R4: "strings SHALL NOT exceed 1MB (1024*1024 characters)". The rule is on string and the types derived
// from it; medplum also applies it to xhtml and base64Binary, which rejects large narratives and attachments.
const MAX_STRING_LENGTH = 1024 * 1024;
const STRING_TYPES = new Set(['string', 'code', 'markdown']); // id has its own 64-character limit

export function isValidId(value: unknown): boolean {
  return typeof value === 'string' && ID.test(value);
}

const INTEGER_TYPES = new Set(['integer', 'positiveInt', 'unsignedInt']);

/** R4 integers are 32-bit; medplum checks integer-ness and sign only. */
export function checkNumber(type: string, value: number, path: string): ValidationIssue | undefined {
  if (INTEGER_TYPES.has(type) && Number.isInteger(value) && (value > 2_147_483_647 || value < -2_147_483_648)) {
    return error('value', `${value} is outside the 32-bit range of an R4 ${type}`, path);
  }
  return undefined;
}

/** Checks a JSON string held by an element of primitive type `type`. */
export function checkPrimitive(type: string, value: string, path: string): ValidationIssue | undefined {
  switch (type) {
    case 'id':
      return ID.test(value) ? undefined : error('value', `${quoted(value)} is not a valid id (1-64 of A-Z a-z 0-9 - .)`, path);
    case 'date':
      return checkCalendarDay(value, path);
    case 'dateTime':
      return checkDateTime(value, path);
    case 'instant':
      return INSTANT.test(value)
        ? checkCalendarDay(value, path)
        : error('value', `${quoted(value)} is not a valid instant (YYYY-MM-DDThh:mm:ss[.fff] with Z or ±hh:mm)`, path);
    case 'base64Binary':
      return isBase64(value) ? undefined : error('value', 'Invalid base64Binary content', path);
    case 'xhtml':
      return checkXhtml(value, path);
    default:
      return STRING_TYPES.has(type) && value.length > MAX_STRING_LENGTH
        ? error('value', `A ${type} cannot be longer than 1 MB (1,048,576 characters)`, path)
        : undefined;
  }
}

function checkDateTime(value: string, path: string): ValidationIssue | undefined {
  if (DATE_TIME.test(value)) {
    return checkCalendarDay(value, path);
  }
  if (TIME_WITHOUT_ZONE.test(value)) {
    return error('value', `dateTime ${quoted(value)} has a time but no time zone (e.g. ${value.slice(0, 10)}T10:00:00+07:00)`, path);
  }
  return error('value', `${quoted(value)} is not a valid dateTime (${DATE_TIME_FORMS})`, path);
}

/** The format rules allow 2023-02-31; the calendar does not. */
function checkCalendarDay(value: string, path: string): ValidationIssue | undefined {
  const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!parts) {
    return undefined;
  }
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (month < 1 || month > 12 || day < 1 || day <= daysInMonth(year, month)) {
    return undefined; // fine, or malformed in a way the format check reports
  }
  return error('value', `${quoted(value)} is not a calendar date`, path);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * R4's base64Binary rule is `(\s*([0-9a-zA-Z\+/=]){4}\s*)+`: groups of four characters, with whitespace
 * (line breaks) allowed between groups. Scanned by hand because that regex backtracks badly on
 * megabytes of data.
 */
function isBase64(value: string): boolean {
  let run = 0;
  let groups = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (run % 4 !== 0) {
        return false;
      }
      run = 0;
    } else if (isBase64Char(c)) {
      run++;
      groups += run % 4 === 0 ? 1 : 0;
    } else {
      return false;
    }
  }
  return run % 4 === 0 && groups > 0;
}

function isBase64Char(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    (c >= 48 && c <= 57) || // 0-9
    c === 43 || // +
    c === 47 || // /
    c === 61 // =
  );
}

// R4 narrative (txt-1): a <div> in the XHTML namespace, without the elements and event attributes the
// spec forbids. medplum's htmlChecks() accepts anything. Deprecated-element and attribute allow-lists
// are not checked.
const XHTML_DIV = /^\s*<div(\s[^>]*)?\sxmlns\s*=\s*["']http:\/\/www\.w3\.org\/1999\/xhtml["'][^>]*>[\s\S]*<\/div>\s*$/;
const FORBIDDEN_ELEMENT = /<(head|body|script|form|input|button|select|textarea|base|link|frame|frameset|iframe|object|embed|applet)[\s/>]/i;
const EVENT_ATTRIBUTE = /<[^>]*\son[a-z]+\s*=/i;

function checkXhtml(value: string, path: string): ValidationIssue | undefined {
  if (!XHTML_DIV.test(value)) {
    return error('value', 'Narrative must be a <div xmlns="http://www.w3.org/1999/xhtml"> element', path);
  }
  const forbidden = FORBIDDEN_ELEMENT.exec(value);
  if (forbidden) {
    return error('value', `Narrative must not contain <${forbidden[1].toLowerCase()}> elements`, path);
  }
  if (EVENT_ATTRIBUTE.test(value)) {
    return error('value', 'Narrative must not contain event attributes (onclick ...)', path);
  }
  return undefined;
}

/**
 * The first and last millisecond a date/dateTime/instant denotes (FHIRPath lowBoundary()/highBoundary()).
 * A value without a time has no zone either; its bounds are given as if it were UTC.
 */
export function dateTimeBounds(value: string): { low: number; high: number; zoned: boolean } | undefined {
  const parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2}))?)?)?$/.exec(value);
  if (!parts) {
    return undefined;
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = parts;
  if (hour !== undefined) {
    const instant = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`);
    const millis = fraction ? Number(`0.${fraction}`) * 1000 : 0;
    return { low: instant + Math.floor(millis), high: instant + (fraction ? Math.ceil(millis) : 999), zoned: true };
  }
  const y = Number(year);
  const start = Date.UTC(y, month ? Number(month) - 1 : 0, day ? Number(day) : 1);
  const end = day
    ? Date.UTC(y, Number(month) - 1, Number(day) + 1)
    : month
      ? Date.UTC(y, Number(month), 1)
      : Date.UTC(y + 1, 0, 1);
  return { low: start, high: end - 1, zoned: false };
}
