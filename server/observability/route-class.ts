// Requests are counted per route class, a small fixed set read from the method and the path: raw paths carry ids
// (and a FHIR search's query names people), and one time series per id would swamp Prometheus.

export const ROUTE_CLASSES = [
  'fhir_read',
  'fhir_search',
  'fhir_history',
  'fhir_write',
  'fhir_transaction',
  'fhir_operation',
  'fhir_metadata',
  'api_registration',
  'api_queue',
  'api_prescription',
  'api_chart',
  'api_other',
  'auth',
  'health',
  'metrics',
  'web',
  'other',
] as const;

export type RouteClass = (typeof ROUTE_CLASSES)[number];

/** HTTP methods outside this set are counted as "other", so that a client inventing methods cannot add series. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'other';
}

/** `path`: the URL path without its query, as the server received it. */
export function routeClass(method: string, path: string): RouteClass {
  if (path === '/healthz' || path === '/readyz') return 'health';
  if (path === '/metrics') return 'metrics';
  if (path === '/fhir/R4' || path.startsWith('/fhir/R4/')) return fhirClass(method, path.slice('/fhir/R4'.length));
  if (path.startsWith('/auth/') || path === '/.well-known/jwks.json') return 'auth';
  if (path === '/api' || path.startsWith('/api/')) return apiClass(path.slice('/api'.length));
  if (path.startsWith('/fhir/')) return 'other';
  return method === 'GET' || method === 'HEAD' ? 'web' : 'other';
}

function fhirClass(method: string, path: string): RouteClass {
  const segments = path.split('/').filter(Boolean);
  const read = method === 'GET' || method === 'HEAD';
  if (segments.length === 0) return read ? 'fhir_search' : method === 'POST' ? 'fhir_transaction' : 'other';
  if (segments.some((segment) => segment.startsWith('$'))) return 'fhir_operation';
  if (segments[0] === 'metadata') return 'fhir_metadata';
  if (segments.includes('_history')) return segments.length === 4 ? 'fhir_read' : 'fhir_history';
  if (segments.includes('_search')) return 'fhir_search';
  if (segments.length === 1) return read ? 'fhir_search' : 'fhir_write';
  if (segments.length === 2) return read ? 'fhir_read' : 'fhir_write';
  // Type/id/Type: a compartment search.
  return read ? 'fhir_search' : 'other';
}

function apiClass(path: string): RouteClass {
  const [first, second, third] = path.split('/').filter(Boolean);
  if (first === 'registration' || (first === 'patients' && (second === 'merge' || second === 'merges'))) return 'api_registration';
  if (first === 'queue') return 'api_queue';
  if (first === 'prescriptions') return 'api_prescription';
  if (first === 'patients' && third === 'chart') return 'api_chart';
  return 'api_other';
}
