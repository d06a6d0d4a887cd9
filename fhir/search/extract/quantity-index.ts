// The quantities a quantity parameter indexes: a Quantity (or Age, Duration, Money…) as a point, or open on one
// side by its comparator; a Range as its low–high interval, in the units of its ends.
import type { TypedValue } from '@medplum/core';

export interface QuantityValue {
  /** Lower and upper bound as decimal text; null when unbounded. */
  low: string | null;
  high: string | null;
  system: string | null;
  code: string | null;
  unit: string | null;
}

type Json = Record<string, unknown>;

const ISO_4217 = 'urn:iso:std:iso:4217';

export function quantityValues(node: TypedValue): QuantityValue[] {
  const value = node.value;
  if (typeof value !== 'object' || value === null) return [];
  const json = value as Json;
  if (node.type === 'Range') return range(json);
  if (node.type === 'Money') {
    const amount = decimal(json.value);
    return amount === null ? [] : [{ low: amount, high: amount, system: ISO_4217, code: str(json.currency), unit: null }];
  }
  const amount = decimal(json.value);
  if (amount === null) return [];
  const units = { system: str(json.system), code: str(json.code), unit: str(json.unit) };
  switch (json.comparator) {
    case '<':
    case '<=':
      return [{ low: null, high: amount, ...units }];
    case '>':
    case '>=':
      return [{ low: amount, high: null, ...units }];
    default:
      return [{ low: amount, high: amount, ...units }];
  }
}

function range(json: Json): QuantityValue[] {
  const low = json.low as Json | undefined;
  const high = json.high as Json | undefined;
  const lowValue = low ? decimal(low.value) : null;
  const highValue = high ? decimal(high.value) : null;
  if (lowValue === null && highValue === null) return [];
  const units = low && lowValue !== null ? low : (high as Json);
  return [{ low: lowValue, high: highValue, system: str(units.system), code: str(units.code), unit: str(units.unit) }];
}

function decimal(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
