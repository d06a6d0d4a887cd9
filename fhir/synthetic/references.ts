import type { Reference, Resource } from '@medplum/fhirtypes';

/** A relative literal reference "Type/id" to a generated resource (which always has a client-assigned id). */
export function referenceTo<T extends Resource>(resource: T): Reference<T> {
  return { reference: `${resource.resourceType}/${resource.id}` };
}
