import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patientCompartmentIds } from '../../../../fhir/compartment/patient-compartment.ts';
import { extractIndexEntries } from '../../../../fhir/search/index-entries.ts';

const ids = (resource: Record<string, unknown> & { resourceType: string }) => patientCompartmentIds(resource, extractIndexEntries(resource));

test('compartment membership follows the R4 Patient CompartmentDefinition', () => {
  assert.deepEqual(ids({ resourceType: 'Patient', id: 'p1', link: [{ other: { reference: 'Patient/p2' }, type: 'seealso' }] }).sort(), ['p1', 'p2']);
  assert.deepEqual(ids({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/a' },
    performer: [{ reference: 'Practitioner/x' }, { reference: 'Patient/b/_history/3' }] }).sort(), ['a', 'b']);
  assert.deepEqual(ids({ resourceType: 'Coverage', status: 'active', beneficiary: { reference: 'Patient/c' }, payor: [{ reference: 'Organization/bhxh' }] }), ['c']);
  assert.deepEqual(ids({ resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Group/g' } }), []);
  assert.deepEqual(ids({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'https://elsewhere.example/fhir/Patient/z' } }), [],
    'a patient on another server is not one of ours');
  assert.deepEqual(ids({ resourceType: 'Organization', id: 'o' }), [], 'shared content belongs to nobody');
});
