// medplum names choice elements by their definition (`Observation.value[x].value`); FHIRPath names them
// by the key actually present (`Observation.valueQuantity.value`). The key is read from the resource.
import { r4Definitions } from './definitions.ts';

const SEGMENT = /^(.*?)(?:\[(\d+)\])?$/;

export function toFhirPath(expression: string, resource: unknown): string {
  const [root, ...segments] = expression.split('.');
  let cursor: unknown = resource;
  const path = [root];
  for (const segment of segments) {
    const [, definitionName, index] = SEGMENT.exec(segment) ?? [segment, segment, undefined];
    const name = definitionName.endsWith('[x]') ? (choiceKey(cursor, definitionName.slice(0, -3)) ?? definitionName) : definitionName;
    cursor = child(cursor, name);
    if (index !== undefined) {
      cursor = Array.isArray(cursor) ? cursor[Number(index)] : undefined;
    }
    path.push(index === undefined ? name : `${name}[${index}]`);
  }
  return path.join('.');
}

function choiceKey(object: unknown, base: string): string | undefined {
  if (typeof object !== 'object' || object === null) {
    return undefined;
  }
  const suffixes = r4Definitions().choiceSuffixes;
  for (const key of Object.keys(object)) {
    const name = key.startsWith('_') ? key.slice(1) : key;
    if (name.startsWith(base) && suffixes.has(name.slice(base.length))) {
      return name;
    }
  }
  return undefined;
}

/** The value under `name`, or its `_name` companion where medplum descends into a primitive's extensions. */
function child(object: unknown, name: string): unknown {
  if (typeof object !== 'object' || object === null) {
    return undefined;
  }
  const record = object as Record<string, unknown>;
  const value = record[name];
  return typeof value === 'object' && value !== null ? value : record['_' + name];
}
