// What a reference parameter indexes from a value: the target type and id of a Reference (relative or absolute),
// its absolute URL if it has one, its identifier (for `:identifier`); a canonical or uri as its URL.
import type { TypedValue } from '@medplum/core';
import { referenceTarget } from '../reference-target.ts';

export interface ReferenceValue {
  targetType: string | null;
  targetId: string | null;
  url: string | null;
  identifierSystem: string | null;
  identifierValue: string | null;
}

type Json = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function referenceValues(node: TypedValue): ReferenceValue[] {
  const value = node.value;
  if (typeof value === 'string') {
    return [{ targetType: null, targetId: null, url: value, identifierSystem: null, identifierValue: null }];
  }
  if (node.type !== 'Reference' || typeof value !== 'object' || value === null) return [];
  const json = value as Json;
  const target = referenceTarget(str(json.reference) ?? undefined, str(json.type) ?? undefined);
  const identifier = json.identifier as Json | undefined;
  const out: ReferenceValue = {
    targetType: target.type ?? null,
    targetId: target.id ?? null,
    url: target.url ?? null,
    identifierSystem: identifier ? str(identifier.system) : null,
    identifierValue: identifier ? str(identifier.value) : null,
  };
  return out.targetId === null && out.url === null && out.identifierValue === null ? [] : [out];
}
