import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorAtEntry } from '../../../../fhir/bundle/entry-error.ts';
import { failureEntry, resultEntry, statusLine } from '../../../../fhir/bundle/response-entry.ts';
import { serializeBundle } from '../../../../fhir/bundle/serialize.ts';
import { FhirError } from '../../../../fhir/outcome.ts';

const BASE = 'https://sen.example/fhir/R4';
const version = { resourceType: 'Patient', id: 'p1', versionId: 2, lastUpdated: new Date('2026-01-02T03:04:05.678Z'), content: '{"resourceType":"Patient","id":"p1","x":1.50}' };

test('an error in an entry names it: diagnostics first, expressions as paths in the Bundle', () => {
  const error = errorAtEntry(new FhirError(422, [
    { code: 'code-invalid', diagnostics: 'bad status', expression: ['Observation.status'] },
    { code: 'invalid', diagnostics: 'bad type', expression: ['resourceType'] },
    { code: 'invalid', diagnostics: 'whole', expression: ['Observation'] },
    { code: 'invalid', diagnostics: 'no path' },
  ]), { index: 3, method: 'POST', resourceType: 'Observation' });
  assert.equal(error.status, 422);
  assert.equal(error.entryIndex, 3);
  assert.deepEqual(error.issues.map((issue) => issue.expression), [
    ['Bundle.entry[3].resource.status'], ['Bundle.entry[3].resource.resourceType'], ['Bundle.entry[3].resource'], ['Bundle.entry[3]'],
  ]);
  assert.equal(error.issues[0].diagnostics, 'Bundle.entry[3] (POST Observation): bad status');
  assert.equal(errorAtEntry(error, { index: 9 }), error, 'an error that names its entry keeps it');
});

test('a write answers status, location, etag and lastModified; the resource only when asked', () => {
  const minimal = resultEntry({ status: 201, version, hasLocation: true, message: 'Created' }, BASE, 'minimal');
  assert.deepEqual(minimal, {
    fullUrl: `${BASE}/Patient/p1`,
    response: { status: '201 Created', location: 'Patient/p1/_history/2', etag: 'W/"2"', lastModified: '2026-01-02T03:04:05.678Z' },
  });
  const representation = resultEntry({ status: 200, version, hasLocation: true, message: 'Updated' }, BASE, 'representation');
  assert.equal(representation.resource, version.content);
  const outcome = resultEntry({ status: 200, version, hasLocation: true, message: 'Updated' }, BASE, 'OperationOutcome');
  assert.deepEqual((outcome.response as { outcome: unknown }).outcome, { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'Updated' }] });
  const read = resultEntry({ status: 200, version, isRead: true, message: 'Read' }, BASE, 'minimal');
  assert.equal(read.resource, version.content, 'a read always carries the resource');
  assert.equal((read.response as { location?: string }).location, undefined);
});

test('a failed batch entry carries its status and OperationOutcome, and the Bundle text keeps stored decimals', () => {
  const failed = failureEntry(404, [{ code: 'not-found', diagnostics: 'Patient/x is not known' }]);
  const text = serializeBundle({ resourceType: 'Bundle', type: 'batch-response' }, [resultEntry({ status: 200, version, isRead: true, message: 'Read' }, BASE, 'minimal'), failed]);
  assert.ok(text.includes('"x":1.50'));
  const bundle = JSON.parse(text);
  assert.equal(bundle.entry[1].response.status, '404 Not Found');
  assert.equal(bundle.entry[1].response.outcome.issue[0].code, 'not-found');
  assert.equal(statusLine(299), '299');
});
