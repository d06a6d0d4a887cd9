// One pass over the resource JSON for everything @medplum/core's validator misses: empty values, JSON
// shape (object vs primitive, array vs single), nested resource types, ids, R4 primitive formats,
// required bindings, reference targets, competing choice types and the invariants of invariants.ts.
import { checkCode, checkCodings } from './bindings.ts';
import { r4Definitions } from './definitions.ts';
import { checkInvariants, resourceScope, type InvariantScope } from './invariants.ts';
import { error, quoted, type ValidationIssue } from './issues.ts';
import { checkNumber, checkPrimitive } from './primitives.ts';
import { checkReferenceTarget } from './references.ts';
import { isPrimitiveType, propertiesOf, type PropertyInfo } from './schema.ts';

export interface ContentCheck {
  issues: ValidationIssue[];
  /** Where the JSON shape is wrong; medplum's follow-on complaints at and below these paths are noise. */
  shapeErrorPaths: string[];
  /** False when an embedded resource has an unknown type: medplum's validator throws instead of reporting. */
  structureCheckable: boolean;
}

export function checkContent(resource: Record<string, unknown>): ContentCheck {
  const walker = new ContentWalker();
  walker.resource(resource, String(resource.resourceType), undefined);
  return walker;
}

type JsonObject = Record<string, unknown>;

class ContentWalker implements ContentCheck {
  readonly issues: ValidationIssue[] = [];
  readonly shapeErrorPaths: string[] = [];
  structureCheckable = true;

  resource(resource: JsonObject, path: string, container: InvariantScope | undefined): void {
    const type = resource.resourceType;
    if (typeof type !== 'string') {
      this.issues.push(error('required', 'An embedded resource needs a resourceType', path));
      this.structureCheckable &&= type === undefined;
      return;
    }
    if (!r4Definitions().resourceTypes.has(type)) {
      this.issues.push(error('invalid', `Unknown resource type ${quoted(type)}`, `${path}.resourceType`));
      this.structureCheckable = false;
      return;
    }
    this.element(resource, type, path, resourceScope(resource, container), true);
  }

  private element(element: JsonObject, type: string, path: string, scope: InvariantScope, isResource: boolean): void {
    const properties = propertiesOf(type);
    if (!properties) {
      return; // not a type R4 defines; medplum's validator reports it
    }
    checkInvariants(type, element, path, scope, this.issues);
    let choices: Map<string, string> | undefined;
    for (const key of Object.keys(element)) {
      const value = element[key];
      if (key === 'resourceType' && !properties.has(key)) {
        if (!isResource) {
          this.issues.push(error('structure', 'resourceType is only allowed on a resource', `${path}.resourceType`));
        }
        continue;
      }
      const info = properties.get(key);
      if (!info && key in Object.prototype) {
        // medplum tests `key in elements`, which is true for __proto__, constructor, toString ...
        this.issues.push(error('structure', `Invalid additional property "${key}"`, `${path}.${key}`));
        continue;
      }
      if (!info || value === null || value === undefined) {
        continue; // other unknown elements and nulls: medplum's validator reports them; undefined is absent
      }
      if (info.notAllowed) {
        this.issues.push(error('structure', `Invalid additional property "${key}" (${info.notAllowed})`, `${path}.${key}`));
        continue;
      }
      const propertyPath = `${path}.${info.primitiveExtension ? key.slice(1) : key}`;
      if (info.choiceOf) {
        choices ??= new Map();
        this.checkSingleChoice(choices, info.choiceOf, info.primitiveExtension ? key.slice(1) : key, propertyPath);
      }
      const contained = key === 'contained';
      if (Array.isArray(value)) {
        this.array(value, info, propertyPath, scope, contained);
      } else if (!info.isArray) {
        this.value(value, info, propertyPath, scope, contained);
      } else {
        this.shapeError(propertyPath, `Expected an array of ${info.type}`);
        if (typeof value === 'object') {
          // Walked even when misplaced, so that an embedded resource of unknown type is still caught.
          this.value(value, info, propertyPath, scope, contained);
        }
      }
    }
  }

  private array(values: unknown[], info: PropertyInfo, path: string, scope: InvariantScope, contained: boolean): void {
    if (values.length === 0) {
      this.issues.push(error('structure', 'Empty arrays are not allowed; leave the element out', path));
      return;
    }
    if (!info.isArray) {
      this.shapeError(path, `Expected a single ${info.type}, not an array`);
    }
    values.forEach((value, index) => {
      // A null keeps primitive and `_primitive` arrays aligned; medplum reports the nulls that do not.
      if (value !== null) {
        this.value(value, info, `${path}[${index}]`, scope, contained);
      }
    });
  }

  private value(value: unknown, info: PropertyInfo, path: string, scope: InvariantScope, contained: boolean): void {
    if (value === '') {
      this.issues.push(error('structure', 'Empty strings are not allowed; leave the element out', path));
      return;
    }
    const expectsObject = info.primitiveExtension || !isPrimitiveType(info.type);
    if (typeof value !== 'object' || Array.isArray(value)) {
      if (expectsObject) {
        this.shapeError(path, `Expected ${info.primitiveExtension ? 'an object' : `${article(info.type)} ${info.type} object`}, not ${jsonKind(value)}`);
      } else if (typeof value === 'string') {
        this.primitive(value, info, path);
      } else if (typeof value === 'number') {
        this.push(checkNumber(info.type, value, path));
      }
      return; // a JSON type that does not fit the element is reported by medplum's validator
    }
    const object = value as JsonObject;
    if (!expectsObject) {
      this.shapeError(path, `Expected ${article(info.type)} ${info.type} value, not an object`);
    } else if (Object.keys(object).length === 0) {
      this.issues.push(error('structure', 'Empty objects are not allowed; leave the element out', path));
    } else if (info.primitiveExtension) {
      this.element(object, 'Element', path, scope, false);
    } else if (info.type === 'Resource') {
      this.resource(object, path, contained ? scope : undefined);
    } else {
      this.complex(object, info, path, scope);
    }
  }

  private complex(value: JsonObject, info: PropertyInfo, path: string, scope: InvariantScope): void {
    if (info.allowedCodes && (info.type === 'Coding' || info.type === 'CodeableConcept')) {
      checkCodings(value, info.type, info.allowedCodes, path, this.issues);
    }
    if (info.targetTypes) {
      this.push(checkReferenceTarget(value, info.targetTypes, path));
    }
    this.element(value, info.type, path, scope, false);
  }

  private primitive(value: string, info: PropertyInfo, path: string): void {
    this.push(checkPrimitive(info.type, value, path));
    if (info.allowedCodes && info.type === 'code') {
      this.push(checkCode(value, info.allowedCodes, path));
    }
  }

  /** valueString with valueInteger (or _valueInteger) gives value[x] two values. */
  private checkSingleChoice(choices: Map<string, string>, choiceOf: string, key: string, path: string): void {
    const first = choices.get(choiceOf);
    if (first === undefined) {
      choices.set(choiceOf, key);
    } else if (first !== key) {
      this.issues.push(error('structure', `${choiceOf}[x] has more than one value: ${first} and ${key}`, path));
    }
  }

  private shapeError(path: string, diagnostics: string): void {
    this.issues.push(error('structure', diagnostics, path));
    this.shapeErrorPaths.push(path);
  }

  private push(issue: ValidationIssue | undefined): void {
    if (issue) {
      this.issues.push(issue);
    }
  }
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) {
    return 'an array';
  }
  return `${article(typeof value)} ${typeof value}`;
}

function article(word: string): string {
  return /^[aeiouAEIOU]/.test(word) ? 'an' : 'a';
}
