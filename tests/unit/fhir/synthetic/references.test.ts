import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleDataset, walk } from './sample-dataset.ts';

test('every resource has a unique client-assigned UUID id', () => {
  const { resources } = sampleDataset();
  const ids = resources.map((resource) => resource.id ?? '');
  assert.ok(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)));
  assert.equal(new Set(ids).size, ids.length);
});

test('every reference is "Type/id" and points to a generated resource of that type', () => {
  const { resources } = sampleDataset();
  const known = new Set(resources.map((resource) => `${resource.resourceType}/${resource.id}`));
  let references = 0;
  for (const resource of resources) {
    walk(resource, (path, value) => {
      if (!path.endsWith('.reference') && path !== 'reference') return;
      references++;
      assert.match(String(value), /^[A-Z][A-Za-z]+\/[0-9a-f-]{36}$/, `${resource.resourceType}.${path}`);
      assert.ok(known.has(String(value)), `${resource.resourceType}/${resource.id} ${path} → ${value} is not generated`);
    });
  }
  assert.ok(references > resources.length);
});

test('each visit links its vital signs, diagnoses and prescriptions to its encounter and patient', () => {
  for (const record of sampleDataset().records) {
    const patientRef = `Patient/${record.patient.id}`;
    const encounterRefs = new Set(record.encounters.map((encounter) => `Encounter/${encounter.id}`));
    for (const item of [...record.observations, ...record.conditions, ...record.medicationRequests]) {
      assert.equal(item.subject?.reference, patientRef);
      assert.ok(encounterRefs.has(item.encounter?.reference ?? ''));
    }
    for (const encounter of record.encounters) assert.equal(encounter.subject?.reference, patientRef);
  }
});
