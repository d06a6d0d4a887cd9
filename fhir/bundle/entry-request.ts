// What each entry of a transaction or batch Bundle asks for, read from Bundle.entry[i].request: the interaction,
// its target and its conditions. Everything a client can get wrong here is answered with an error naming the entry.
import { FhirError, badRequest, notFound, notSupported } from '../outcome.ts';
import { isResourceJson, type ResourceJson } from '../resource-meta.ts';
import { versionFromEtag } from '../etag.ts';
import { parseJson } from '../json/lossless.ts';
import { isKnownResourceType, isValidId } from '../validation/validate.ts';
import { entryPath, errorAtEntry } from './entry-error.ts';

export type BundleKind = 'transaction' | 'batch';
export type EntryMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const JSON_PATCH_TYPE = 'application/json-patch+json';

export interface EntryRequest {
  /** Position in Bundle.entry: the response keeps it, errors name it. */
  index: number;
  method: EntryMethod;
  resourceType: string;
  /** From `Type/id`. */
  id?: string;
  /** From `Type/id/_history/vid`. */
  versionId?: string;
  /** The search part of `Type?query`: conditional update and delete, or a search. */
  query?: string;
  fullUrl?: string;
  /** The resource to create or update (POST, PUT). */
  resource?: ResourceJson;
  /** The JSON Patch document of a PATCH, carried as a Binary resource. */
  patch?: unknown;
  ifNoneExist?: string;
  ifMatch?: number;
  /** GET: the version the client already has; an unchanged resource answers 304. */
  ifNoneMatch?: number;
}

export interface BundleRequest {
  kind: BundleKind;
  /** One per Bundle.entry, in order; an entry the server cannot read is its error (a batch answers it alone). */
  entries: (EntryRequest | FhirError)[];
}

/**
 * Reads a transaction or batch Bundle. `base` is the server's FHIR base URL: request URLs may be absolute under it.
 * Problems with the Bundle as a whole throw; problems with one entry become that entry's error.
 */
export function readBundleRequest(body: unknown, base: string): BundleRequest {
  if (!isResourceJson(body) || body.resourceType !== 'Bundle') {
    throw badRequest('POST to the FHIR base takes a Bundle of type transaction or batch', ['Bundle']);
  }
  if (body.type !== 'transaction' && body.type !== 'batch') {
    throw badRequest(`The Bundle type must be transaction or batch to be processed here, not ${JSON.stringify(body.type)}` +
      ' (other Bundles are stored with POST /Bundle)', ['Bundle.type']);
  }
  const raw = body.entry ?? [];
  if (!Array.isArray(raw)) throw badRequest('Bundle.entry must be an array', ['Bundle.entry']);
  const entries = raw.map((entry: unknown, index) => {
    try {
      return readEntry(entry, index, base);
    } catch (error) {
      if (error instanceof FhirError) return errorAtEntry(error, { index });
      throw error;
    }
  });
  return { kind: body.type, entries };
}

function readEntry(entry: unknown, index: number, base: string): EntryRequest {
  const path = entryPath(index);
  if (!isObject(entry)) throw badRequest('A Bundle entry must be a JSON object', [path]);
  const request = entry.request;
  if (!isObject(request)) throw badRequest('The entry has no request (method and url)', [`${path}.request`]);
  const method = request.method;
  if (typeof method !== 'string' || !METHODS.includes(method)) {
    throw badRequest(`request.method must be one of ${METHODS.join(', ')}`, [`${path}.request.method`]);
  }
  if (typeof request.url !== 'string' || request.url.trim() === '') {
    throw badRequest('request.url is missing', [`${path}.request.url`]);
  }
  const target = readUrl(request.url, base, `${path}.request.url`);
  const parsed: EntryRequest = { index, method: method as EntryMethod, ...target };
  if (entry.fullUrl !== undefined) {
    if (typeof entry.fullUrl !== 'string' || entry.fullUrl === '') throw badRequest('fullUrl must be a non-empty string', [`${path}.fullUrl`]);
    parsed.fullUrl = entry.fullUrl;
  }
  readConditions(parsed, request, path);
  checkShape(parsed, entry.resource, path);
  return parsed;
}

interface Target {
  resourceType: string;
  id?: string;
  versionId?: string;
  query?: string;
}

/** `Type`, `Type?query`, `Type/id`, `Type/id/_history/vid`, relative or absolute under this server's base. */
function readUrl(url: string, base: string, path: string): Target {
  let relative = url.trim();
  if (relative.startsWith(`${base}/`)) relative = relative.slice(base.length + 1);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(relative)) {
    throw badRequest(`request.url must be relative to this server (e.g. Patient/123), got ${url}`, [path]);
  }
  relative = relative.replace(/^\//, '');
  const question = relative.indexOf('?');
  const location = question === -1 ? relative : relative.slice(0, question);
  const query = question === -1 ? undefined : relative.slice(question + 1);
  const parts = location.split('/');
  if (parts.some((part) => part.startsWith('$'))) throw notSupported(400, `Operations are not supported inside a Bundle (${url})`);
  if (parts.includes('_history') && parts.length !== 4) throw notSupported(400, `History is not supported inside a Bundle (${url})`);
  const [resourceType, id, history, versionId] = parts;
  if (parts.length === 3 || parts.length > 4 || (parts.length === 4 && history !== '_history')) {
    throw badRequest(`request.url is not a FHIR interaction URL: ${url}`, [path]);
  }
  if (!isKnownResourceType(resourceType)) throw notFound(`Unknown resource type "${resourceType}" in request.url`);
  for (const part of [id, versionId]) {
    if (part !== undefined && !isValidId(part)) throw badRequest(`"${part}" in request.url is not a valid FHIR id`, [path]);
  }
  if (id !== undefined && query !== undefined) throw badRequest(`request.url has both an id and search criteria: ${url}`, [path]);
  return { resourceType, id, versionId, query: query === '' ? undefined : query };
}

function readConditions(parsed: EntryRequest, request: Record<string, unknown>, path: string): void {
  const text = (name: string): string | undefined => {
    const value = request[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw badRequest(`request.${name} must be a non-empty string`, [`${path}.request.${name}`]);
    return value;
  };
  const ifNoneExist = text('ifNoneExist');
  if (ifNoneExist !== undefined) {
    if (parsed.method !== 'POST') throw badRequest('ifNoneExist applies to POST only', [`${path}.request.ifNoneExist`]);
    // Some clients send the whole search URL (Patient?identifier=…) rather than its query part.
    parsed.ifNoneExist = ifNoneExist.replace(/^[A-Z][A-Za-z]+\?/, '');
  }
  const ifMatch = text('ifMatch');
  if (ifMatch !== undefined) {
    if (!['PUT', 'PATCH', 'DELETE'].includes(parsed.method)) throw badRequest('ifMatch applies to PUT, PATCH and DELETE', [`${path}.request.ifMatch`]);
    parsed.ifMatch = versionFromEtag(ifMatch, `${path}.request.ifMatch`);
  }
  const ifNoneMatch = text('ifNoneMatch');
  if (ifNoneMatch !== undefined) {
    if (parsed.method !== 'GET' && parsed.method !== 'HEAD') throw badRequest('ifNoneMatch is supported on GET only', [`${path}.request.ifNoneMatch`]);
    parsed.ifNoneMatch = versionFromEtag(ifNoneMatch, `${path}.request.ifNoneMatch`);
  }
  if (request.ifModifiedSince !== undefined) {
    throw notSupported(400, `${path}.request.ifModifiedSince is not supported; use ifNoneMatch`);
  }
}

/** Which interactions need which parts: a body to create or update, an id to patch, a target to delete. */
function checkShape(parsed: EntryRequest, resource: unknown, path: string): void {
  const { method, resourceType, id, query, versionId } = parsed;
  const url = `${path}.request.url`;
  if (versionId !== undefined && method !== 'GET' && method !== 'HEAD') throw badRequest(`${method} cannot target a version`, [url]);
  switch (method) {
    case 'POST':
      if (id !== undefined || query !== undefined) throw badRequest(`POST takes the resource type alone (${resourceType}); use ifNoneExist for a conditional create`, [url]);
      parsed.resource = bodyOf(resource, resourceType, path);
      return;
    case 'PUT':
      if (id === undefined && query === undefined) throw badRequest(`PUT needs an id (${resourceType}/[id]) or search criteria`, [url]);
      parsed.resource = bodyOf(resource, resourceType, path);
      return;
    case 'PATCH':
      if (id === undefined) throw badRequest(`PATCH needs an id (${resourceType}/[id])`, [url]);
      parsed.patch = jsonPatchOf(resource, path);
      return;
    case 'DELETE':
      if (id === undefined && query === undefined) throw badRequest(`DELETE needs an id (${resourceType}/[id]) or search criteria`, [url]);
      return;
    case 'GET':
    case 'HEAD':
      if (id === undefined) throw notSupported(400, `Search inside a Bundle is not supported yet (${resourceType}${query ? `?${query}` : ''}); only read and vread`);
      return;
  }
}

function bodyOf(resource: unknown, resourceType: string, path: string): ResourceJson {
  if (!isResourceJson(resource)) throw badRequest('The entry needs a resource (a JSON object with a resourceType)', [`${path}.resource`]);
  if (resource.resourceType !== resourceType) {
    throw badRequest(`The resource is a ${resource.resourceType} but request.url is for ${resourceType}`, [`${path}.resource.resourceType`]);
  }
  return resource;
}

/** FHIR carries a JSON Patch in a Bundle as a Binary whose data is the patch document. */
function jsonPatchOf(resource: unknown, path: string): unknown {
  if (!isResourceJson(resource) || resource.resourceType !== 'Binary' || resource.contentType !== JSON_PATCH_TYPE || typeof resource.data !== 'string') {
    throw new FhirError(400, {
      code: 'not-supported',
      diagnostics: `A PATCH entry carries its JSON Patch as a Binary resource with contentType ${JSON_PATCH_TYPE} and the patch in data (base64)`,
      expression: [`${path}.resource`],
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(resource.data), (char) => char.charCodeAt(0)));
    return parseJson(text);
  } catch {
    throw badRequest('The Binary data is not base64 of a JSON Patch document', [`${path}.resource.data`]);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
