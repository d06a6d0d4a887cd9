import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keptTarget, movePatientReferences, retiredSource, unlinked } from '../../../../fhir/registration/merge.ts';

describe('Moving references for a merge', () => {
  test('every reference to the source, relative or absolute, moves; nothing else changes', () => {
    const observation = {
      resourceType: 'Observation', id: 'o1', subject: { reference: 'Patient/dup' }, performer: [{ reference: 'Practitioner/dup' }],
      note: [{ text: 'Patient/dup' }], focus: [{ reference: 'https://sen.example/fhir/R4/Patient/dup' }], hasMember: [{ reference: 'Patient/dup2' }],
    };
    const { resource, moved } = movePatientReferences(observation, 'dup', 'kept');
    assert.equal(moved, 2);
    assert.equal(resource.subject.reference, 'Patient/kept');
    assert.equal(resource.focus[0].reference, 'https://sen.example/fhir/R4/Patient/kept');
    assert.equal(resource.performer[0].reference, 'Practitioner/dup');
    assert.equal(resource.note[0].text, 'Patient/dup');
    assert.equal(resource.hasMember[0].reference, 'Patient/dup2');
    assert.equal(observation.subject.reference, 'Patient/dup', 'the input is not changed');
  });

  test('links between the two records, and their undoing', () => {
    const source = retiredSource({ resourceType: 'Patient', id: 'dup', active: true }, 'kept');
    assert.equal(source.active, false);
    assert.deepEqual(source.link, [{ other: { reference: 'Patient/kept' }, type: 'replaced-by' }]);
    const target = keptTarget({ resourceType: 'Patient', id: 'kept', link: [{ other: { reference: 'Patient/x' }, type: 'seealso' }] }, 'dup');
    assert.equal(target.link?.length, 2);
    assert.deepEqual(unlinked(source, 'kept', true), { resourceType: 'Patient', id: 'dup', active: true });
    assert.deepEqual(unlinked(target, 'dup').link, [{ other: { reference: 'Patient/x' }, type: 'seealso' }]);
  });
});
