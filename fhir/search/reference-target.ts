// Where a Reference points: the resource type and id named by `Type/id` or an absolute `…/Type/id`, with any
// `/_history/n` dropped. Used for FHIRPath `resolve() is Type` and for the reference index.
import { r4Definitions } from '../validation/definitions.ts';

export interface ReferenceTarget {
  type?: string;
  id?: string;
  /** The absolute URL when the reference is one (searchable as written). */
  url?: string;
}

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;
const ABSOLUTE_TAIL = /\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** Parses a reference string; `declaredType` is Reference.type, used when the string does not say. */
export function referenceTarget(reference: string | undefined, declaredType?: string): ReferenceTarget {
  if (reference === undefined || reference.startsWith('#')) return declaredType ? { type: declaredType } : {};
  const relative = RELATIVE.exec(reference);
  if (relative && isResourceType(relative[1])) return { type: relative[1], id: relative[2] };
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) {
    const tail = ABSOLUTE_TAIL.exec(reference);
    if (tail && isResourceType(tail[1])) return { type: tail[1], id: tail[2], url: reference };
    return { type: declaredType, url: reference };
  }
  return declaredType ? { type: declaredType } : {};
}

function isResourceType(name: string): boolean {
  return r4Definitions().resourceTypes.has(name);
}
