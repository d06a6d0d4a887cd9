import type { ResourceJson } from '../../fhir/resource-meta.ts';

/**
 * The owning facility travels in `meta.security` as a security label (the element FHIR gives to labels that drive
 * access control): system below, code = the facility's Organization id. The server owns this label: it replaces
 * whatever a client sends, except where a system-wide principal assigns ownership (imports, moving a record).
 */
export const OWNING_FACILITY_SYSTEM = 'https://sen.health.vn/fhir/CodeSystem/owning-facility';

interface Coding {
  system?: unknown;
  code?: unknown;
}

const securityOf = (resource: ResourceJson): Coding[] => {
  const security = resource.meta?.security;
  return Array.isArray(security) ? (security as Coding[]) : [];
};

/** The facility named by the resource's owning-facility label, if it carries one. */
export function labelledFacility(resource: ResourceJson): string | undefined {
  const code = securityOf(resource).find((coding) => coding?.system === OWNING_FACILITY_SYSTEM)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** Sets (or, for null, removes) the owning-facility label, keeping every other security label. */
export function labelOwningFacility(resource: ResourceJson, facilityId: string | null): ResourceJson {
  const others = securityOf(resource).filter((coding) => coding?.system !== OWNING_FACILITY_SYSTEM);
  const security = facilityId === null ? others : [...others, { system: OWNING_FACILITY_SYSTEM, code: facilityId }];
  const { security: _old, ...meta } = resource.meta ?? {};
  const next = security.length ? { ...meta, security } : meta;
  // FHIR forbids empty objects: a resource that had no meta gets none.
  if (Object.keys(next).length > 0) resource.meta = next;
  else delete resource.meta;
  return resource;
}
