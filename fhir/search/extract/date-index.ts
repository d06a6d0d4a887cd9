// The instant ranges a date parameter indexes from a value: a date/dateTime/instant by its precision, a Period
// from the start of its start to the end of its end (open ends unbounded), a Timing by its events and bounds.
import type { TypedValue } from '@medplum/core';
import { dateRange } from '../values/date-range.ts';

/** Epoch milliseconds; ±Infinity for an open end. */
export interface DateValue {
  low: number;
  high: number;
}

type Json = Record<string, unknown>;

export function dateValues(node: TypedValue): DateValue[] {
  const value = node.value;
  if (typeof value === 'string') {
    const range = dateRange(value);
    return range ? [range] : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  if (node.type === 'Period') return period(value as Json);
  if (node.type === 'Timing') return timing(value as Json);
  return [];
}

function period(json: Json): DateValue[] {
  const start = typeof json.start === 'string' ? dateRange(json.start) : undefined;
  const end = typeof json.end === 'string' ? dateRange(json.end) : undefined;
  if (!start && !end) return [];
  return [{ low: start ? start.low : -Infinity, high: end ? end.high : Infinity }];
}

function timing(json: Json): DateValue[] {
  const out: DateValue[] = [];
  if (Array.isArray(json.event)) {
    for (const event of json.event) {
      const range = typeof event === 'string' ? dateRange(event) : undefined;
      if (range) out.push(range);
    }
  }
  const bounds = (json.repeat as Json | undefined)?.boundsPeriod;
  if (typeof bounds === 'object' && bounds !== null) out.push(...period(bounds as Json));
  return out;
}
