// The texts a string parameter indexes from a value: the value itself for primitives; each part of a HumanName or
// an Address, and the whole (so that "nguyen van" matches "Nguyễn Văn An" as a prefix); the string leaves of other types.
import type { TypedValue } from '@medplum/core';

type Json = Record<string, unknown>;

export function stringValues(node: TypedValue): string[] {
  const value = node.value;
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  if (node.type === 'HumanName') return humanName(value as Json);
  if (node.type === 'Address') return address(value as Json);
  const out: string[] = [];
  collectStrings(value, out);
  return out;
}

function humanName(name: Json): string[] {
  const parts = [...texts(name.prefix), ...texts(name.given), ...texts(name.family), ...texts(name.suffix)];
  const family = texts(name.family);
  const given = texts(name.given);
  // Vietnamese names are written family first: Nguyễn Văn An.
  const whole = [...family, ...given].join(' ');
  const values = [...parts, ...texts(name.text)];
  if (family.length > 0 && given.length > 0) values.push(whole);
  return values;
}

function address(value: Json): string[] {
  return [
    ...texts(value.line),
    ...texts(value.city),
    ...texts(value.district),
    ...texts(value.state),
    ...texts(value.postalCode),
    ...texts(value.country),
    ...texts(value.text),
  ];
}

function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) if (key !== 'extension' && key !== 'id') collectStrings(item, out);
  }
}
