// Parses one search value (one alternative of a comma list) by the parameter's type and modifier. A value that
// does not fit its type is a 400: guessing would return wrong results.
import { badRequest } from '../../outcome.ts';
import { foldVietnamese } from '../../text/fold.ts';
import { indexKey } from '../index-key.ts';
import { dateRange } from '../values/date-range.ts';
import { decimalRange } from '../values/decimal.ts';
import { referenceTarget } from '../reference-target.ts';
import type { IndexedParamType } from '../parameters/search-parameter.ts';
import { splitUnescaped, unescape } from './escaping.ts';
import type {
  DateSearchValue,
  Modifier,
  NumberSearchValue,
  Prefix,
  QuantitySearchValue,
  ReferenceSearchValue,
  SearchValue,
  StringSearchValue,
  TokenSearchValue,
} from './search-query.ts';

const PREFIX = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)(?=[-+0-9])/;

export interface ValueContext {
  /** For messages: the parameter as written in the query. */
  name: string;
  type: IndexedParamType | 'composite';
  modifier?: Modifier;
  /** The target type of a reference given as `param:Type`. */
  referenceType?: string;
  /** Component types of a composite parameter. */
  components?: IndexedParamType[];
}

export function parseValue(context: ValueContext, raw: string): SearchValue {
  switch (context.type) {
    case 'string':
      return stringValue(context, raw);
    case 'token':
      return tokenValue(context, raw);
    case 'date':
      return dateValue(context.name, raw);
    case 'number':
      return numberValue(context.name, raw);
    case 'quantity':
      return quantityValue(context.name, raw);
    case 'reference':
      return context.modifier === 'identifier' ? tokenValue({ ...context, modifier: undefined }, raw) : referenceValue(context, raw);
    case 'uri': {
      const value = unescape(raw);
      if (value === '') throw badRequest(`${context.name} needs a URI`);
      return { kind: 'uri', value: indexKey(value) };
    }
    case 'composite':
      return compositeValue(context, raw);
  }
}

function stringValue(context: ValueContext, raw: string): StringSearchValue {
  const text = unescape(raw);
  const folded = indexKey(foldVietnamese(text));
  if (folded === '') throw badRequest(`${context.name} needs some text to search for`);
  return { kind: 'string', text, folded };
}

function tokenValue(context: ValueContext, raw: string): SearchValue {
  if (context.modifier === 'text') return stringValue(context, raw);
  const parts = splitUnescaped(raw, '|').map(unescape);
  if (context.modifier === 'of-type') {
    if (parts.length !== 3 || parts.some((part) => part === '')) {
      throw badRequest(`${context.name} needs [type system]|[type code]|[value], got "${raw}"`);
    }
    return { kind: 'of-type', typeSystem: indexKey(parts[0]), typeCode: indexKey(parts[1]), value: indexKey(parts[2]) };
  }
  if (parts.length === 1) {
    if (parts[0] === '') throw badRequest(`${context.name} needs a code`);
    return { kind: 'token', code: indexKey(parts[0]) };
  }
  if (parts.length !== 2 || (parts[0] === '' && parts[1] === '')) {
    throw badRequest(`${context.name} needs [system]|[code], [code], |[code] or [system]|, got "${raw}"`);
  }
  const value: TokenSearchValue = { kind: 'token', system: parts[0] === '' ? null : indexKey(parts[0]) };
  if (parts[1] !== '') value.code = indexKey(parts[1]);
  return value;
}

function prefixed(raw: string): { prefix: Prefix; rest: string } {
  const match = PREFIX.exec(raw);
  return match ? { prefix: match[1] as Prefix, rest: raw.slice(2) } : { prefix: 'eq', rest: raw };
}

function dateValue(name: string, raw: string): DateSearchValue {
  const { prefix, rest } = prefixed(raw);
  const range = dateRange(rest);
  if (!range) throw badRequest(`${name}: "${raw}" is not a date (use e.g. 2025-03-15, 2025-03, ge2025-03-15T08:00:00+07:00)`);
  return { kind: 'date', prefix, ...range };
}

function numberValue(name: string, raw: string): NumberSearchValue {
  const { prefix, rest } = prefixed(raw);
  const range = decimalRange(rest);
  if (!range) throw badRequest(`${name}: "${raw}" is not a number (use e.g. 100, 5.40, gt100)`);
  return { kind: 'number', prefix, ...range };
}

function quantityValue(name: string, raw: string): QuantitySearchValue {
  const parts = splitUnescaped(raw, '|').map(unescape);
  if (parts.length !== 1 && parts.length !== 3) {
    throw badRequest(`${name} needs [number] or [number]|[system]|[code], got "${raw}"`);
  }
  const value: QuantitySearchValue = { ...numberValue(name, parts[0]), kind: 'quantity' };
  if (parts.length === 3) {
    if (parts[1] !== '') value.system = parts[1];
    if (parts[2] !== '') value.code = parts[2];
  }
  return value;
}

function referenceValue(context: ValueContext, raw: string): ReferenceSearchValue {
  const text = unescape(raw);
  if (text === '') throw badRequest(`${context.name} needs a reference`);
  if (context.referenceType) {
    // `subject:Patient=123` and `subject:Patient=Patient/123` mean the same.
    const target = referenceTarget(text);
    if (target.type && target.type !== context.referenceType) {
      throw badRequest(`${context.name}: "${text}" is not a ${context.referenceType}`);
    }
    return { kind: 'reference', type: context.referenceType, id: target.id ?? text };
  }
  const target = referenceTarget(text);
  if (target.url) return { kind: 'reference', url: indexKey(text) };
  if (target.type && target.id) return { kind: 'reference', type: target.type, id: target.id };
  if (text.includes('/')) throw badRequest(`${context.name}: "${text}" is not a reference (use Type/id, an id, or an absolute URL)`);
  return { kind: 'reference', id: text };
}

function compositeValue(context: ValueContext, raw: string): SearchValue {
  const types = context.components ?? [];
  const parts = splitUnescaped(raw, '$');
  if (parts.length !== types.length) {
    throw badRequest(`${context.name} needs ${types.length} values joined by $, got "${raw}"`);
  }
  return { kind: 'composite', components: parts.map((part, i) => parseValue({ name: context.name, type: types[i] }, part)) };
}
