// Per-type index of the JSON properties a FHIR type may carry, built once per type from the schema
// medplum indexed (definitions.ts) so that walking a resource is a map lookup per property.
import { capitalize, tryGetDataType, type ElementType, type InternalSchemaElement } from '@medplum/core';
import { requiredCodes, type AllowedCodes } from './bindings.ts';
import { r4Definitions } from './definitions.ts';
import { isMedplumOnlyElement, r4Binding } from './medplum-deviations.ts';

export interface PropertyInfo {
  /**
   * FHIR type of the value: a primitive (`code`), a data type (`HumanName`, `SimpleQuantity`), a backbone
   * element named as medplum names it (`PatientContact`), or `Resource` for an embedded resource.
   */
  readonly type: string;
  readonly isArray: boolean;
  /** True for `_name`, the JSON companion that carries a primitive's id and extensions. */
  readonly primitiveExtension: boolean;
  /** The choice element a key belongs to: `value` for `valueQuantity`. */
  readonly choiceOf?: string;
  /** Set when the element has a required binding whose value set can be enumerated. */
  readonly allowedCodes?: AllowedCodes;
  /** Resource types a Reference may point to; undefined when any type is allowed. */
  readonly targetTypes?: ReadonlySet<string>;
  /** Set for keys medplum's validator accepts but R4 does not; says why. */
  readonly notAllowed?: string;
}

export type PropertyIndex = ReadonlyMap<string, PropertyInfo>;

const indexes = new Map<string, PropertyIndex | undefined>();

/** JSON key → property info for a type, or undefined for a type the definitions do not know. */
export function propertiesOf(typeName: string): PropertyIndex | undefined {
  if (!indexes.has(typeName)) {
    indexes.set(typeName, buildIndex(typeName));
  }
  return indexes.get(typeName);
}

export function isPrimitiveType(type: string): boolean {
  // FHIR names primitive types in lower camel case and every other type in upper camel case.
  const first = type.charCodeAt(0);
  return first >= 97 && first <= 122;
}

function buildIndex(typeName: string): PropertyIndex | undefined {
  const schema = tryGetDataType(typeName);
  if (!schema) {
    return undefined;
  }
  const isResource = r4Definitions().resourceTypes.has(typeName);
  const index = new Map<string, PropertyInfo>();
  for (const [name, element] of Object.entries(schema.elements)) {
    const notAllowed = isMedplumOnlyElement(typeName, name) ? 'not an R4 element' : undefined;
    if (name.endsWith('[x]')) {
      const choiceOf = name.slice(0, -3);
      for (const type of element.type) {
        addProperty(index, choiceOf + capitalize(type.code), element, type, choiceOf, notAllowed);
      }
    } else if (element.type.length > 0) {
      addProperty(index, name, element, element.type[0], undefined, notAllowed);
    }
  }
  if (isResource) {
    // R4 types Resource.id as a FHIRPath System.String, so medplum never applies the id rules to it.
    index.set('id', { type: 'id', isArray: false, primitiveExtension: false });
  }
  return index;
}

function addProperty(
  index: Map<string, PropertyInfo>,
  key: string,
  element: InternalSchemaElement,
  elementType: ElementType,
  choiceOf: string | undefined,
  notAllowed: string | undefined,
): void {
  const type = valueType(elementType);
  const isArray = element.isArray ?? false;
  const binding = element.binding?.strength === 'required' ? r4Binding(element.path, element.binding.valueSet) : undefined;
  const allowedCodes = binding && BINDABLE_TYPES.has(type) ? requiredCodes(binding) : undefined;
  const targetTypes = type === 'Reference' ? referenceTargets(elementType.targetProfile) : undefined;
  index.set(key, { type, isArray, primitiveExtension: false, choiceOf, allowedCodes, targetTypes, notAllowed });
  // medplum accepts `_name` next to any element; JSON only gives primitives that companion.
  const companionNotAllowed = notAllowed ?? (isPrimitiveType(type) ? undefined : 'only primitive elements have a _ companion');
  index.set('_' + key, { type, isArray, primitiveExtension: true, choiceOf, notAllowed: companionNotAllowed });
}

// Other types can carry required bindings (string, uri, Quantity), but no R4 base element binds them
// to a value set that can be enumerated.
const BINDABLE_TYPES = new Set(['code', 'Coding', 'CodeableConcept']);

const PROFILED_QUANTITIES: Record<string, string> = {
  'http://hl7.org/fhir/StructureDefinition/SimpleQuantity': 'SimpleQuantity',
  'http://hl7.org/fhir/StructureDefinition/MoneyQuantity': 'MoneyQuantity',
};

function valueType(elementType: ElementType): string {
  if (elementType.code === 'http://hl7.org/fhirpath/System.String') {
    return 'string';
  }
  if (r4Definitions().resourceTypes.has(elementType.code)) {
    // medplum narrows R4's Bundle.entry.response.outcome from Resource to OperationOutcome.
    return 'Resource';
  }
  // SimpleQuantity and MoneyQuantity are Quantity profiles with invariants of their own (no comparator ...).
  const profiled = elementType.profile?.map((profile) => PROFILED_QUANTITIES[profile]).find(Boolean);
  return profiled ?? elementType.code;
}

const STRUCTURE_DEFINITION_BASE = 'http://hl7.org/fhir/StructureDefinition/';

function referenceTargets(targetProfiles: string[] | undefined): ReadonlySet<string> | undefined {
  const targets = new Set<string>();
  for (const profile of targetProfiles ?? []) {
    const type = profile.startsWith(STRUCTURE_DEFINITION_BASE) ? profile.slice(STRUCTURE_DEFINITION_BASE.length) : '';
    if (!r4Definitions().resourceTypes.has(type)) {
      return undefined; // Reference(Resource) or a profile we cannot map to a type: anything goes
    }
    targets.add(type);
  }
  return targets.size > 0 ? targets : undefined;
}
