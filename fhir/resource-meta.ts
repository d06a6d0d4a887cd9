/** FHIR resources as plain JSON objects: the store treats them generically. */
export type ResourceJson = Record<string, unknown> & { resourceType: string; id?: string; meta?: Record<string, unknown> };

export function isResourceJson(value: unknown): value is ResourceJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value) &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string';
}

/**
 * Gives a resource the server-owned parts of a version: its id and meta.versionId/lastUpdated (the client's
 * values are replaced; the rest of meta — profile, tag, security, source — is kept). Mutates in place so that
 * decimal lexemes recorded for the object's own members survive, and puts resourceType, id and meta first.
 */
export function applyVersionMeta(resource: ResourceJson, id: string, versionId: number, lastUpdated: string): ResourceJson {
  const { resourceType, id: _id, meta, ...rest } = resource;
  for (const key of Object.keys(resource)) delete resource[key];
  const { versionId: _v, lastUpdated: _l, ...clientMeta } = (meta ?? {}) as Record<string, unknown>;
  resource.resourceType = resourceType;
  resource.id = id;
  resource.meta = { versionId: String(versionId), lastUpdated, ...clientMeta };
  Object.assign(resource, rest);
  return resource;
}
