import type { RestInteraction } from '../audit/audit-event.ts';
import type { Permission } from './permissions.ts';

/** What a FHIR API request asks for, read from its method and path alone (before any body is read). */
export interface FhirRequestKind {
  /** Undefined for a Bundle POSTed to the base: batch or transaction, its entries are checked one by one. */
  interaction?: RestInteraction;
  /** The permission the request needs on `resourceType` before anything else happens. */
  permission?: Permission;
  resourceType?: string;
  id?: string;
  /** `$everything` and other operations. */
  operation?: string;
  /** The instance an instance-level operation or a compartment search is about: it must be readable itself. */
  instance?: { resourceType: string; id: string };
  /** Searches and histories carry their query into the audit trail. */
  queried: boolean;
}

const kind = (interaction: RestInteraction, permission: Permission | undefined, resourceType?: string, extra: Partial<FhirRequestKind> = {}): FhirRequestKind =>
  ({ interaction, permission, resourceType, queried: false, ...extra });

/**
 * Classifies a request to the FHIR base (`path` relative to /fhir/R4). Compartment searches need `search` on the
 * listed type, operations `read` on the instance or type they run on; what they return is narrowed further row by
 * row. Paths the router does not serve come out as undefined interaction-less kinds and get its 404/405.
 */
export function classifyFhirRequest(method: string, path: string, hasQuery: boolean): FhirRequestKind {
  const segments = path.split('/').filter(Boolean).map((segment) => decodeURIComponentSafe(segment));
  const [type, second, third, fourth] = segments;
  const get = method === 'GET' || method === 'HEAD';
  const queried = { queried: true };
  if (segments.length === 0) return get ? kind('search-system', undefined, undefined, queried) : { queried: false };
  if (type === '_history') return kind('history-system', undefined, undefined, queried);
  if (type === '_search') return kind('search-system', undefined, undefined, queried);
  if (segments.length === 1) {
    if (get) return kind('search-type', 'search', type, queried);
    if (method === 'POST') return kind('create', 'create', type);
    if (method === 'PUT' || method === 'PATCH') return kind(method === 'PUT' ? 'update' : 'patch', 'update', type, { queried: hasQuery });
    if (method === 'DELETE') return kind('delete', 'delete', type, { queried: hasQuery });
    return { resourceType: type, queried: false };
  }
  if (second === '_search') return kind('search-type', 'search', type, queried);
  if (second === '_history') return kind('history-type', 'history', type, queried);
  if (second.startsWith('$')) return kind('operation', 'read', type, { operation: second, queried: true });
  const id = second;
  if (segments.length === 2) {
    if (get) return kind('read', 'read', type, { id });
    if (method === 'PUT') return kind('update', 'update', type, { id });
    if (method === 'PATCH') return kind('patch', 'update', type, { id });
    if (method === 'DELETE') return kind('delete', 'delete', type, { id });
    return { resourceType: type, id, queried: false };
  }
  if (third === '_history') {
    return fourth === undefined ? kind('history-instance', 'history', type, { id, queried: true }) : kind('vread', 'read', type, { id });
  }
  const instance = { resourceType: type, id };
  if (third.startsWith('$')) return kind('operation', 'read', type, { id, operation: third, queried: true, instance });
  return kind('search-compartment', 'search', third, { id, queried: true, instance });
}

function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
