import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findLinks, isBundleLocal, isConditionalReference, linkValue, rewriteLinks } from '../../../../fhir/bundle/links.ts';
import { parseJson, stringifyJson } from '../../../../fhir/json/lossless.ts';
import type { ResourceJson } from '../../../../fhir/resource-meta.ts';

const PATIENT = 'urn:uuid:0b1e7d3a-56c1-4f1e-9d7e-6a0f8e0a2b11';
const PRACTITIONER = 'urn:uuid:5f0c2a64-2d6b-4c47-8f0f-3c0d7f9a6c22';
const targets = new Map([[PATIENT, 'Patient/p1'], [PRACTITIONER, 'Practitioner/d1']]);

const rewritten = (resource: ResourceJson): ResourceJson => {
  rewriteLinks(findLinks(resource), targets);
  return resource;
};

test('Reference.reference is rewritten wherever a Reference sits, arrays and backbone elements included', () => {
  const encounter = rewritten({
    resourceType: 'Encounter',
    status: 'finished',
    class: { code: 'AMB' },
    subject: { reference: PATIENT, display: PATIENT },
    participant: [{ individual: { reference: PRACTITIONER } }, { individual: { reference: 'Practitioner/other' } }],
  });
  assert.deepEqual(encounter.subject, { reference: 'Patient/p1', display: PATIENT }, 'display is text, not a link');
  assert.deepEqual(encounter.participant, [{ individual: { reference: 'Practitioner/d1' } }, { individual: { reference: 'Practitioner/other' } }]);
});

test('links inside contained resources, extensions and primitive extensions are found with their FHIRPath', () => {
  const claim: ResourceJson = {
    resourceType: 'ExplanationOfBenefit',
    contained: [{ resourceType: 'Coverage', id: 'coverage', beneficiary: { reference: PATIENT } }],
    extension: [{ url: 'https://sen.example/attending', valueReference: { reference: PRACTITIONER } }],
    _status: { extension: [{ url: 'https://sen.example/by', valueReference: { reference: PRACTITIONER } }] },
    patient: { reference: PATIENT },
  };
  const paths = findLinks(claim).map((link) => link.path);
  assert.deepEqual(paths.sort(), [
    'ExplanationOfBenefit.contained[0].beneficiary.reference',
    'ExplanationOfBenefit.extension[0].valueReference.reference',
    'ExplanationOfBenefit.patient.reference',
    'ExplanationOfBenefit.status.extension[0].valueReference.reference',
  ]);
  rewritten(claim);
  assert.equal((claim.contained as ResourceJson[])[0].beneficiary && ((claim.contained as { beneficiary: { reference: string } }[])[0].beneficiary.reference), 'Patient/p1');
  assert.equal((claim.extension as { valueReference: { reference: string } }[])[0].valueReference.reference, 'Practitioner/d1');
  assert.equal((claim._status as { extension: { valueReference: { reference: string } }[] }).extension[0].valueReference.reference, 'Practitioner/d1');
});

test('Attachment.url, uri elements and narrative href/src that use a fullUrl are rewritten', () => {
  const report = rewritten({
    resourceType: 'DiagnosticReport',
    status: 'final',
    code: { text: 'x' },
    text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">See <a href="${PATIENT}">the patient</a> <img src='${PRACTITIONER}'/> <a href="https://example.org">out</a></div>` },
    presentedForm: [{ contentType: 'text/plain', url: PATIENT }],
    extension: [{ url: 'https://sen.example/source', valueUri: PRACTITIONER }],
  });
  assert.equal((report.text as { div: string }).div,
    `<div xmlns="http://www.w3.org/1999/xhtml">See <a href="Patient/p1">the patient</a> <img src='Practitioner/d1'/> <a href="https://example.org">out</a></div>`);
  assert.deepEqual(report.presentedForm, [{ contentType: 'text/plain', url: 'Patient/p1' }]);
  assert.equal((report.extension as { valueUri: string }[])[0].valueUri, 'Practitioner/d1');
});

test('identifier values, code systems, extension urls and Reference.type are never rewritten', () => {
  const patient: ResourceJson = {
    resourceType: 'Patient',
    identifier: [{ system: PATIENT, value: PATIENT }],
    extension: [{ url: PATIENT, valueString: PATIENT }],
    maritalStatus: { coding: [{ system: PATIENT, code: PATIENT }] },
    managingOrganization: { type: PATIENT, identifier: { system: PATIENT, value: PATIENT } },
  };
  const before = JSON.stringify(patient);
  assert.equal(JSON.stringify(rewritten(patient)), before);
});

test('rewriting leaves the spelling of decimals alone', () => {
  const observation = parseJson(`{"resourceType":"Observation","status":"final","code":{"text":"w"},"subject":{"reference":"${PATIENT}"},"valueQuantity":{"value":75.0},"component":[{"code":{"text":"t"},"valueQuantity":{"value":1.50e-3}}]}`) as ResourceJson;
  rewritten(observation);
  assert.equal(stringifyJson(observation),
    '{"resourceType":"Observation","status":"final","code":{"text":"w"},"subject":{"reference":"Patient/p1"},"valueQuantity":{"value":75.0},"component":[{"code":{"text":"t"},"valueQuantity":{"value":1.50e-3}}]}');
});

test('elements the R4 definitions do not know, and nulls, are skipped rather than failing', () => {
  const links = findLinks({ resourceType: 'Patient', unknown: { reference: PATIENT }, link: [null, { other: { reference: PATIENT } }] } as ResourceJson);
  assert.deepEqual(links.map((link) => [link.path, linkValue(link)]), [['Patient.link[1].other.reference', PATIENT]]);
});

test('bundle-local and conditional reference values are told apart', () => {
  assert.ok(isBundleLocal('urn:uuid:0b1e7d3a-56c1-4f1e-9d7e-6a0f8e0a2b11'));
  assert.ok(isBundleLocal('urn:oid:1.2.3.4'));
  assert.ok(!isBundleLocal('Patient/1'));
  assert.ok(isConditionalReference('Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999'));
  assert.ok(!isConditionalReference('Practitioner/9999'));
  assert.ok(!isConditionalReference('http://example.org/Practitioner?identifier=1'));
});
