import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundleRequest, type EntryRequest } from '../../../../fhir/bundle/entry-request.ts';
import { EntryError } from '../../../../fhir/bundle/entry-error.ts';
import { FhirError } from '../../../../fhir/outcome.ts';
import { inProcessingOrder } from '../../../../fhir/bundle/processing-order.ts';

const BASE = 'https://sen.example/fhir/R4';

const read = (...entries: unknown[]) => readBundleRequest({ resourceType: 'Bundle', type: 'batch', entry: entries }, BASE).entries;
const one = (entry: unknown): EntryRequest => {
  const [parsed] = read(entry);
  if (parsed instanceof FhirError) assert.fail(parsed.message);
  return parsed;
};
const failure = (entry: unknown): EntryError => {
  const [parsed] = read(entry);
  assert.ok(parsed instanceof EntryError, 'expected the entry to be refused');
  return parsed;
};

test('the Bundle itself must be a transaction or batch Bundle', () => {
  assert.throws(() => readBundleRequest({ resourceType: 'Patient' }, BASE), (error: FhirError) => error.status === 400);
  assert.throws(() => readBundleRequest({ resourceType: 'Bundle', type: 'document', entry: [] }, BASE), /transaction or batch/);
  assert.throws(() => readBundleRequest({ resourceType: 'Bundle', type: 'transaction', entry: {} }, BASE), /must be an array/);
  assert.deepEqual(readBundleRequest({ resourceType: 'Bundle', type: 'transaction' }, BASE), { kind: 'transaction', entries: [] });
});

test('request URLs: type, type with criteria, instance, version; relative or under this base', () => {
  const patient = { resourceType: 'Patient' };
  assert.deepEqual(one({ resource: patient, request: { method: 'POST', url: 'Patient' } }).resourceType, 'Patient');
  assert.equal(one({ resource: patient, request: { method: 'PUT', url: 'Patient?identifier=a|b' } }).query, 'identifier=a|b');
  assert.equal(one({ resource: { ...patient, id: 'p1' }, request: { method: 'PUT', url: `${BASE}/Patient/p1` } }).id, 'p1');
  const vread = one({ request: { method: 'GET', url: '/Patient/p1/_history/2' } });
  assert.deepEqual([vread.id, vread.versionId], ['p1', '2']);
  assert.equal(one({ request: { method: 'DELETE', url: 'Patient?identifier=x' } }).query, 'identifier=x');
});

test('an entry the server cannot read is refused alone, naming the entry and the element', () => {
  const entries = read(
    { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
    { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'https://elsewhere.example/Patient' } },
  );
  assert.ok(!(entries[0] instanceof FhirError));
  const error = entries[1] as EntryError;
  assert.equal(error.entryIndex, 1);
  assert.deepEqual(error.issues[0].expression, ['Bundle.entry[1].request.url']);
  assert.match(error.issues[0].diagnostics, /^Bundle\.entry\[1\]: request\.url must be relative/);
});

test('what each method needs is checked: bodies, ids, matching types', () => {
  assert.equal(failure({ request: { method: 'POST', url: 'Patient' } }).status, 400);
  assert.deepEqual(failure({ resource: { resourceType: 'Observation' }, request: { method: 'POST', url: 'Patient' } }).issues[0].expression,
    ['Bundle.entry[0].resource.resourceType']);
  assert.match(failure({ resource: { resourceType: 'Patient' }, request: { method: 'PUT', url: 'Patient' } }).message, /needs an id/);
  assert.match(failure({ request: { method: 'PATCH', url: 'Patient' } }).message, /needs an id/);
  assert.match(failure({ request: { method: 'FETCH', url: 'Patient' } }).message, /request\.method must be one of/);
  assert.equal(failure({ request: { method: 'GET', url: 'Nonsense/1' } }).status, 404);
  assert.match(failure({ request: { method: 'GET', url: 'Patient/bad id' } }).message, /not a valid FHIR id/);
  assert.match(failure({ request: { method: 'POST', url: 'Patient/$validate' } }).message, /Operations are not supported/);
  assert.match(failure({ request: { method: 'GET', url: 'Patient?name=x' } }).message, /Search inside a Bundle is not supported/);
  assert.match(failure('not an object').message, /must be a JSON object/);
});

test('conditions: ifNoneExist as a query or a whole search URL, ifMatch and ifNoneMatch as ETags', () => {
  const create = one({ resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient', ifNoneExist: 'Patient?identifier=a|b' } });
  assert.equal(create.ifNoneExist, 'identifier=a|b');
  const update = one({ resource: { resourceType: 'Patient', id: 'p' }, request: { method: 'PUT', url: 'Patient/p', ifMatch: 'W/"3"' } });
  assert.equal(update.ifMatch, 3);
  assert.equal(one({ request: { method: 'GET', url: 'Patient/p', ifNoneMatch: '"2"' } }).ifNoneMatch, 2);
  assert.match(failure({ resource: { resourceType: 'Patient', id: 'p' }, request: { method: 'PUT', url: 'Patient/p', ifMatch: '3' } }).message, /ETag/);
  assert.match(failure({ request: { method: 'GET', url: 'Patient/p', ifNoneExist: 'x=1' } }).message, /POST only/);
});

test('a PATCH carries its JSON Patch as a Binary', () => {
  const patch = [{ op: 'replace', path: '/active', value: true }];
  const data = Buffer.from(JSON.stringify(patch)).toString('base64');
  const entry = one({ resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data }, request: { method: 'PATCH', url: 'Patient/p' } });
  assert.deepEqual(entry.patch, patch);
  assert.match(failure({ resource: { resourceType: 'Parameters' }, request: { method: 'PATCH', url: 'Patient/p' } }).message, /Binary/);
  assert.match(failure({ resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data: '!!' }, request: { method: 'PATCH', url: 'Patient/p' } }).message, /base64/);
});

test('processing order is DELETE, POST, PUT and PATCH, then GET, keeping Bundle order within each', () => {
  const entries = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'POST', 'HEAD', 'DELETE'].map((method, index) => ({ method, index })) as { method: EntryRequest['method']; index: number }[];
  assert.deepEqual(inProcessingOrder(entries).map((entry) => `${entry.method}${entry.index}`),
    ['DELETE3', 'DELETE7', 'POST2', 'POST5', 'PUT1', 'PATCH4', 'GET0', 'HEAD6']);
});
