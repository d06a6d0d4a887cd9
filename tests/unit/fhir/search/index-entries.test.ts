import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractIndexEntries } from '../../../../fhir/search/index-entries.ts';
import { SearchParameterRegistry } from '../../../../fhir/search/parameters/registry.ts';
import { sampleDataset } from '../synthetic/sample-dataset.ts';

const registry = new SearchParameterRegistry();
const rows = <T extends { param: string }>(list: T[], param: string): Omit<T, 'param' | 'grp'>[] =>
  list.filter((row) => row.param === param).map(({ param: _p, grp: _g, ...rest }: T & { grp?: unknown }) => rest);

test('strings: each name part and the whole name, folded; addresses by part', () => {
  const entries = extractIndexEntries({
    resourceType: 'Patient',
    name: [{ family: 'Đặng', given: ['Thị', 'Ánh'] }],
    address: [{ line: ['12 Lê Lợi'], city: 'Huế' }],
  } as { resourceType: string }, registry);
  assert.deepEqual(rows(entries.strings, 'name').map((r) => r.folded).sort(), ['anh', 'dang', 'dang thi anh', 'thi']);
  assert.deepEqual(rows(entries.strings, 'family'), [{ value: 'Đặng', folded: 'dang' }]);
  assert.deepEqual(rows(entries.strings, 'address-city'), [{ value: 'Huế', folded: 'hue' }]);
  assert.deepEqual(rows(entries.strings, 'address').map((r) => r.folded).sort(), ['12 le loi', 'hue']);
});

test('tokens: codings with folded display, concept text, identifiers with their type, booleans, Sen identifier parameters', () => {
  const entries = extractIndexEntries({
    resourceType: 'Patient',
    active: true,
    identifier: [{ system: 'http://fhir.ehealth.gov.vn/core/sid/national_id', value: '001090000001', type: { coding: [{ system: 'urn:v2', code: 'NI' }], text: 'Căn cước' } }],
  } as { resourceType: string }, registry);
  assert.deepEqual(rows(entries.tokens, 'active'), [{ system: null, code: 'true', text: null, typeSystem: null, typeCode: null }]);
  assert.deepEqual(rows(entries.tokens, 'identifier'), [
    { system: 'http://fhir.ehealth.gov.vn/core/sid/national_id', code: '001090000001', text: 'can cuoc', typeSystem: 'urn:v2', typeCode: 'NI' },
  ]);
  assert.equal(rows(entries.tokens, 'cccd').length, 1);
  assert.equal(rows(entries.tokens, 'bhyt').length, 0);
  const observation = extractIndexEntries({
    resourceType: 'Observation', status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }], text: 'Mạch' },
  } as { resourceType: string }, registry);
  assert.deepEqual(rows(observation.tokens, 'code'), [
    { system: 'http://loinc.org', code: '8867-4', text: 'heart rate', typeSystem: null, typeCode: null },
    { system: null, code: null, text: 'mach', typeSystem: null, typeCode: null },
  ]);
});

test('dates: ranges by precision, Periods with open ends', () => {
  const patient = extractIndexEntries({ resourceType: 'Patient', birthDate: '1990-05' } as { resourceType: string }, registry);
  assert.deepEqual(rows(patient.dates, 'birthdate'), [{ low: '1990-04-30T17:00:00.000Z', high: '1990-05-31T17:00:00.000Z' }]);
  const encounter = extractIndexEntries({ resourceType: 'Encounter', status: 'in-progress', class: { code: 'AMB' }, period: { start: '2025-03-01T08:00:00+07:00' } } as { resourceType: string }, registry);
  assert.deepEqual(rows(encounter.dates, 'date'), [{ low: '2025-03-01T01:00:00.000Z', high: 'infinity' }]);
});

test('quantities and references; a composite per component group', () => {
  const entries = extractIndexEntries({
    resourceType: 'Observation', status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
    subject: { reference: 'Patient/p1' },
    component: [
      { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 150, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 95, comparator: '<', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
    ],
  } as { resourceType: string }, registry);
  assert.deepEqual(rows(entries.references, 'subject'), [{ targetType: 'Patient', targetId: 'p1', url: null, identifierSystem: null, identifierValue: null }]);
  assert.deepEqual(rows(entries.references, 'patient'), rows(entries.references, 'subject'));
  assert.deepEqual(rows(entries.quantities, 'component-value-quantity').map((q) => [q.low, q.high]), [['150', '150'], [null, '95']]);
  const groups = (param: string) => entries.tokens.concat().filter((t) => t.param === param).map((t) => [t.grp, t.code]);
  assert.deepEqual(groups('component-code-value-quantity$0'), [[0, '8480-6'], [1, '8462-4']]);
  assert.deepEqual(entries.quantities.filter((q) => q.param === 'component-code-value-quantity$1').map((q) => [q.grp, q.high]), [[0, '150'], [1, '95']]);
});

test('a custom SearchParameter indexes new writes; a broken one is refused with reasons', () => {
  const custom = new SearchParameterRegistry();
  const problems = custom.putCustom('sp1', {
    resourceType: 'SearchParameter', url: 'https://sen.health.vn/fhir/SearchParameter/patient-ethnicity', code: 'ethnicity', status: 'active',
    base: ['Patient'], type: 'token', expression: "Patient.extension('http://hl7.org.vn/fhir/ethnicity').value",
  });
  assert.deepEqual(problems, []);
  const entries = extractIndexEntries({
    resourceType: 'Patient', extension: [{ url: 'http://hl7.org.vn/fhir/ethnicity', valueCoding: { system: 'urn:dt', code: '01', display: 'Kinh' } }],
  } as { resourceType: string }, custom);
  assert.deepEqual(rows(entries.tokens, 'ethnicity'), [{ system: 'urn:dt', code: '01', text: 'kinh', typeSystem: null, typeCode: null }]);
  assert.ok(custom.putCustom('sp2', { code: 'x y', base: ['Nope'], type: 'magic' }).length >= 3);
  custom.removeCustom('sp1');
  assert.equal(custom.get('Patient', 'ethnicity'), undefined);
});

test('extraction is fast enough to run on every write', () => {
  const resources = sampleDataset(100).resources;
  for (const resource of resources.slice(0, 200)) extractIndexEntries(resource, registry);
  // CPU time, not wall time: a busy machine must not fail this.
  const started = process.cpuUsage();
  for (const resource of resources) extractIndexEntries(resource, registry);
  const used = process.cpuUsage(started);
  const perResource = (used.user + used.system) / 1000 / resources.length;
  assert.ok(perResource < 0.3, `${perResource.toFixed(3)} ms of CPU per resource`);
});
