import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSyntheticDataset } from '../../../../fhir/synthetic/dataset.ts';
import { generateFacilities } from '../../../../fhir/synthetic/facilities.ts';
import { createRng } from '../../../../fhir/synthetic/random.ts';
import { generatePatientRecord } from '../../../../fhir/synthetic/record.ts';
import { generateStaff } from '../../../../fhir/synthetic/staff.ts';

test('the same seed produces exactly the same resources', () => {
  const first = createSyntheticDataset({ seed: 99 });
  const second = createSyntheticDataset({ seed: 99 });
  assert.deepEqual(second.setupResources, first.setupResources);
  for (const index of [0, 1, 17, 250]) assert.deepEqual(second.patientRecord(index), first.patientRecord(index));
});

test('a different seed produces different people', () => {
  const names = (seed: number) => Array.from({ length: 10 }, (_, i) => createSyntheticDataset({ seed }).patientRecord(i).patient.name?.[0].text);
  assert.notDeepEqual(names(1), names(2));
});

test('patient n is the same whether or not the patients before it were generated', () => {
  const alone = createSyntheticDataset({ seed: 5 }).patientRecord(42);
  const dataset = createSyntheticDataset({ seed: 5 });
  for (let i = 0; i < 42; i++) dataset.patientRecord(i);
  assert.deepEqual(dataset.patientRecord(42), alone);
});

test('the building blocks are deterministic too: facilities, staff and a record from one seeded stream', () => {
  const build = () => {
    const rng = createRng(123);
    const network = generateFacilities(rng);
    const staff = generateStaff(rng, network.stations[0]);
    return generatePatientRecord(rng, network.stations[0], { staff, insurer: network.insurer, sequence: 0 });
  };
  assert.deepEqual(build(), build());
});

test('the data does not depend on the clock: as-of date is an explicit option', () => {
  const before = createSyntheticDataset({ seed: 8, asOf: '2025-01-01' }).patientRecord(3);
  const after = createSyntheticDataset({ seed: 8, asOf: '2025-01-01' }).patientRecord(3);
  assert.deepEqual(after, before);
  assert.ok(before.encounters.every((encounter) => (encounter.period?.end ?? '') < '2025-01-01'));
});
