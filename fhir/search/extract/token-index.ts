// The (system, code) pairs a token parameter indexes from a value, with the text `:text` searches (a coding's
// display, a CodeableConcept's or an Identifier type's text) and, for identifiers, the type `:of-type` matches.
import type { TypedValue } from '@medplum/core';

export interface TokenValue {
  system: string | null;
  code: string | null;
  /** Display or text, as written (the row stores it folded). */
  text: string | null;
  /** Identifier.type codings, for `:of-type`. */
  typeSystem?: string | null;
  typeCode?: string | null;
}

type Json = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function tokenValues(node: TypedValue): TokenValue[] {
  const value = node.value;
  if (typeof value === 'boolean') return [{ system: null, code: String(value), text: null }];
  if (typeof value === 'string' || typeof value === 'number') return [{ system: null, code: String(value), text: null }];
  if (typeof value !== 'object' || value === null) return [];
  const json = value as Json;
  switch (node.type) {
    case 'CodeableConcept':
      return codeableConcept(json);
    case 'Coding':
      return [coding(json)];
    case 'Identifier':
      return identifier(json);
    case 'ContactPoint':
      return json.value === undefined ? [] : [{ system: str(json.system), code: str(json.value), text: null }];
    case 'Reference':
      // A token over a reference (rare) is matched on the reference's identifier.
      return json.identifier ? identifier(json.identifier as Json) : [];
    default:
      return [];
  }
}

function coding(json: Json): TokenValue {
  return { system: str(json.system), code: str(json.code), text: str(json.display) };
}

function codeableConcept(json: Json): TokenValue[] {
  const codings = Array.isArray(json.coding) ? (json.coding as Json[]).filter((c) => c && (c.code !== undefined || c.system !== undefined || c.display !== undefined)).map(coding) : [];
  const text = str(json.text);
  if (text !== null) codings.push({ system: null, code: null, text });
  return codings;
}

function identifier(json: Json): TokenValue[] {
  const base = { system: str(json.system), code: str(json.value) };
  const type = json.type as Json | undefined;
  const typeText = type ? str(type.text) : null;
  const typeCodings = type && Array.isArray(type.coding) ? (type.coding as Json[]) : [];
  if (typeCodings.length === 0) return [{ ...base, text: typeText }];
  return typeCodings.map((c) => ({ ...base, text: typeText, typeSystem: str(c.system), typeCode: str(c.code) }));
}
