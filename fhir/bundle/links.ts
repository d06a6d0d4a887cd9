// The places in a resource that point at another resource by URL, and their rewriting when a transaction gives
// the entries their ids. The resource is walked with its R4 types, so that a string is only ever rewritten where
// FHIR says it is a link (Reference.reference, uri/url/uuid/oid elements, narrative href/src), never in an
// Identifier.value or a code that happens to spell the same text.
import type { PropertyInfo } from '../validation/schema.ts';
import { isPrimitiveType, propertiesOf } from '../validation/schema.ts';
import { r4Definitions } from '../validation/definitions.ts';
import type { ResourceJson } from '../resource-meta.ts';

export type LinkKind = 'reference' | 'url' | 'narrative';

export interface Link {
  kind: LinkKind;
  /** FHIRPath of the element from the resource: `Encounter.participant[0].individual.reference`. */
  path: string;
  holder: Record<string, unknown> | unknown[];
  key: string | number;
}

type JsonObject = Record<string, unknown>;

const URL_TYPES = new Set(['uri', 'url', 'uuid', 'oid']);
const NARRATIVE_LINK = /(\s(?:href|src)\s*=\s*)(["'])([^"']*)\2/g;

/** `urn:uuid:…` and `urn:oid:…` name entries of the Bundle they are in, and nothing outside it. */
export const isBundleLocal = (value: string): boolean => value.startsWith('urn:uuid:') || value.startsWith('urn:oid:');

/** `Practitioner?identifier=…`: a reference the server resolves by search when it stores the resource. */
export const isConditionalReference = (value: string): boolean => /^[A-Z][A-Za-z]+\?/.test(value);

export function linkValue(link: Link): string {
  return (link.holder as Record<string | number, unknown>)[link.key] as string;
}

/** Every link in the resource, its contained resources and its extensions included. */
export function findLinks(resource: ResourceJson): Link[] {
  r4Definitions(); // the type index below reads the definitions it loads
  const walk = new LinkWalk();
  walk.element(resource, resource.resourceType, [resource.resourceType]);
  return walk.links;
}

/**
 * Points each link whose value is a key of `targets` (a fullUrl, or a conditional reference) at the value it maps to
 * (`Patient/123`); in narrative, the href and src attributes that name such a key.
 */
export function rewriteLinks(links: readonly Link[], targets: ReadonlyMap<string, string>): void {
  for (const link of links) {
    const value = linkValue(link);
    const rewritten = link.kind === 'narrative'
      ? value.replace(NARRATIVE_LINK, (attribute, before: string, quote: string, url: string) => {
        const target = targets.get(url);
        return target === undefined ? attribute : `${before}${quote}${target}${quote}`;
      })
      : targets.get(value);
    if (rewritten !== undefined && rewritten !== value) (link.holder as Record<string | number, unknown>)[link.key] = rewritten;
  }
}

class LinkWalk {
  readonly links: Link[] = [];

  /** `path` is the FHIRPath to `element` as segments; kept as a stack, joined only for a link found. */
  element(element: JsonObject, type: string, path: string[]): void {
    const properties = propertiesOf(type);
    if (!properties) return; // not an R4 type: validation refuses the resource
    for (const key of Object.keys(element)) {
      const info = properties.get(key);
      const value = element[key];
      if (!info || value === null || value === undefined) continue;
      const name = info.primitiveExtension ? key.slice(1) : key;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) this.value(value, i, type, name, info, path, `${name}[${i}]`);
      } else {
        this.value(element, key, type, name, info, path, name);
      }
    }
  }

  private value(holder: JsonObject | unknown[], key: string | number, ownerType: string, name: string, info: PropertyInfo, path: string[], segment: string): void {
    const value = (holder as Record<string | number, unknown>)[key];
    path.push(segment);
    if (info.primitiveExtension || !isPrimitiveType(info.type)) {
      // `_name` holds the id and extensions of a primitive; `Resource` is a contained or nested resource.
      if (isObject(value)) {
        const type = info.primitiveExtension ? 'Element' : info.type === 'Resource' ? value.resourceType : info.type;
        if (typeof type === 'string') this.element(value, type, path);
      }
    } else if (typeof value === 'string') {
      const kind = linkKind(ownerType, name, info.type, value);
      if (kind) this.links.push({ kind, path: path.join('.'), holder, key });
    }
    path.pop();
  }
}

function linkKind(ownerType: string, name: string, type: string, value: string): LinkKind | undefined {
  if (ownerType === 'Reference') {
    if (name === 'reference') return 'reference';
    if (name === 'type') return undefined; // the target's type, as a StructureDefinition URL
  }
  if (type === 'xhtml') return /\s(?:href|src)\s*=/.test(value) ? 'narrative' : undefined;
  if (!URL_TYPES.has(type)) return undefined;
  // Code systems, identifier systems and extension URLs name definitions, never a resource of the Bundle.
  if (name === 'system' || (ownerType === 'Extension' && name === 'url')) return undefined;
  return 'url';
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
