// What a FHIRPath step finds under an element, by the R4 StructureDefinitions medplum indexes: the JSON key(s) to
// read and the FHIR type of what is there. Choice elements (`value[x]`) have one key per type (`valueQuantity`).
import { tryGetDataType } from '@medplum/core';
import { r4Definitions } from '../../validation/definitions.ts';

export interface ChildKey {
  key: string;
  type: string;
}

const FHIRPATH_SYSTEM = 'http://hl7.org/fhirpath/System.';
// Elements typed Resource hold any resource; the node takes the type the JSON names.
const ANY_RESOURCE = new Set(['Resource', 'DomainResource']);

const cache = new Map<string, ChildKey[]>();

/** The keys under which an element `name` of a `type` value is found, with the type of each. */
export function childKeys(type: string, name: string): ChildKey[] {
  const cacheKey = `${type}.${name}`;
  let keys = cache.get(cacheKey);
  if (!keys) {
    keys = lookUp(type, name);
    cache.set(cacheKey, keys);
  }
  return keys;
}

function lookUp(type: string, name: string): ChildKey[] {
  r4Definitions();
  const elements = tryGetDataType(type)?.elements;
  if (!elements) return [];
  const element = elements[name];
  if (element) return [{ key: name, type: typeName(element.type[0]?.code ?? 'Element') }];
  const choice = elements[`${name}[x]`];
  if (!choice) return [];
  return choice.type.map(({ code }) => ({ key: `${name}${code.charAt(0).toUpperCase()}${code.slice(1)}`, type: typeName(code) }));
}

function typeName(code: string): string {
  // The id of a resource and a few other elements are typed with FHIRPath system types in the definitions.
  if (code.startsWith(FHIRPATH_SYSTEM)) return code.slice(FHIRPATH_SYSTEM.length).toLowerCase();
  return code;
}

/** The type of a value found under a key typed `declared`: a contained resource carries its own. */
export function actualType(declared: string, value: unknown): string {
  if (ANY_RESOURCE.has(declared) && typeof value === 'object' && value !== null) {
    const resourceType = (value as { resourceType?: unknown }).resourceType;
    if (typeof resourceType === 'string') return resourceType;
  }
  return declared;
}

// FHIR's specialisations of Quantity: `as(Quantity)` accepts them.
const QUANTITY_KINDS = new Set(['Age', 'Count', 'Distance', 'Duration', 'MoneyQuantity', 'SimpleQuantity']);

/** Whether a value of `actual` type is a `wanted` (FHIRPath `is`/`as`/`ofType`); primitives compare case-blind. */
export function isOfType(actual: string, wanted: string): boolean {
  if (actual === wanted) return true;
  if (wanted === 'Quantity' && QUANTITY_KINDS.has(actual)) return true;
  if (wanted === 'Resource' || wanted === 'DomainResource') return actual.charAt(0) === actual.charAt(0).toUpperCase() && tryGetDataType(actual)?.kind === 'resource';
  return actual.charAt(0) === actual.charAt(0).toLowerCase() && actual.toLowerCase() === wanted.toLowerCase();
}
