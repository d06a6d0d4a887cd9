import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isKnownResourceType,
  isValidId,
  knownResourceTypes,
  validateResource,
  type ValidationIssue,
} from '../../../../fhir/validation/validate.ts';

const patient = () => ({
  resourceType: 'Patient',
  id: 'p-1',
  meta: { versionId: '1', lastUpdated: '2024-05-01T08:00:00+07:00' },
  identifier: [{ system: 'https://sen.vn/fhir/sid/cccd', value: '001099012345' }],
  active: true,
  name: [{ use: 'official', family: 'Nguyễn', given: ['Văn', 'An'] }],
  gender: 'male',
  birthDate: '1985-03-12',
  telecom: [{ system: 'phone', value: '0912345678', use: 'mobile' }],
  address: [{ use: 'home', line: ['12 Lê Lợi'], city: 'Hồ Chí Minh', country: 'VN' }],
});

const observation = () => ({
  resourceType: 'Observation',
  id: 'o-1',
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel' }] },
  subject: { reference: 'Patient/p-1' },
  effectiveDateTime: '2024-05-01T08:30:00+07:00',
  issued: '2024-05-01T08:31:00.000+07:00',
  component: [
    {
      code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
      valueQuantity: { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    },
    {
      code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
      valueQuantity: { value: 80, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    },
  ],
});

function errors(resource: unknown): ValidationIssue[] {
  return validateResource(resource).filter((issue) => issue.severity === 'error');
}

function assertRejectedAt(resource: unknown, expression: string, code?: ValidationIssue['code']): ValidationIssue {
  const found = errors(resource);
  const issue = found.find((candidate) => candidate.expression.includes(expression) && (!code || candidate.code === code));
  assert.ok(issue, `expected a${code ? ` '${code}'` : 'n'} error at ${expression}, got ${JSON.stringify(found, null, 1)}`);
  return issue;
}

describe('valid resources', () => {
  test('a typical patient passes', () => {
    assert.deepEqual(validateResource(patient()), []);
  });

  test('a blood pressure observation with components passes', () => {
    assert.deepEqual(validateResource(observation()), []);
  });

  test('a dateTime may be just a year, a month or a day', () => {
    for (const effectiveDateTime of ['2024', '2024-01', '2024-01-01', '2024-01-01T10:00:00Z', '2024-01-01T10:00:00.123+07:00']) {
      assert.deepEqual(errors({ ...observation(), effectiveDateTime }), [], effectiveDateTime);
    }
  });

  test('a primitive with only an extension, and a null keeping given[] aligned with _given[], pass', () => {
    const resource = {
      ...patient(),
      name: [{ given: ['An', null], _given: [null, { extension: [{ url: 'https://sen.vn/x', valueString: 'Bé' }] }] }],
      _birthDate: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime', valueDateTime: '1985-03-12T07:30:00+07:00' }] },
    };
    assert.deepEqual(errors(resource), []);
  });
});

describe('terminology', () => {
  test("a patient with gender 'mail' is rejected at Patient.gender", () => {
    const issue = assertRejectedAt({ ...patient(), gender: 'mail' }, 'Patient.gender', 'code-invalid');
    assert.match(issue.diagnostics, /administrative-gender/);
  });

  test("an encounter with status 'done' is rejected at Encounter.status", () => {
    assertRejectedAt({ resourceType: 'Encounter', status: 'done', class: { code: 'AMB' } }, 'Encounter.status', 'code-invalid');
  });

  test("a medication request with intent 'prescription' is rejected at MedicationRequest.intent", () => {
    const request = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'prescription',
      medicationCodeableConcept: { text: 'Paracetamol 500 mg' },
      subject: { reference: 'Patient/p-1' },
    };
    assertRejectedAt(request, 'MedicationRequest.intent', 'code-invalid');
  });

  test('a coding in the bound system with a wrong code is rejected at that coding', () => {
    const condition = {
      resourceType: 'Condition',
      clinicalStatus: {
        coding: [
          { system: 'http://snomed.info/sct', code: '55561003' },
          { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'actve' },
        ],
      },
      subject: { reference: 'Patient/p-1' },
    };
    assertRejectedAt(condition, 'Condition.clinicalStatus.coding[1].code', 'code-invalid');
    assert.equal(errors(condition).length, 1, 'the coding from another system is left alone');
  });
});

describe('cardinality and elements', () => {
  test('an observation without status is rejected at Observation.status', () => {
    const { status: _status, ...withoutStatus } = observation();
    assertRejectedAt(withoutStatus, 'Observation.status', 'required');
  });

  test('an observation without code is rejected at Observation.code', () => {
    const { code: _code, ...withoutCode } = observation();
    assertRejectedAt(withoutCode, 'Observation.code', 'required');
  });

  test('an unknown element is rejected at its path', () => {
    assertRejectedAt({ ...patient(), nickname: 'Bin' }, 'Patient.nickname', 'structure');
  });

  test('an element medplum adds to R4 (meta.project) is rejected', () => {
    assertRejectedAt({ ...patient(), meta: { project: 'x' } }, 'Patient.meta.project', 'structure');
  });

  test('a string where a boolean belongs is rejected at Patient.active', () => {
    assertRejectedAt({ ...patient(), active: 'true' }, 'Patient.active', 'structure');
  });

  test('a boolean where a CodeableConcept belongs is rejected at Patient.maritalStatus', () => {
    assertRejectedAt({ ...patient(), maritalStatus: true }, 'Patient.maritalStatus', 'structure');
  });

  test('a single HumanName where an array belongs is rejected once at Patient.name', () => {
    const found = errors({ ...patient(), name: { family: 'Nguyễn' } });
    assert.deepEqual(found.map((issue) => issue.expression[0]), ['Patient.name']);
  });

  test('an integer beyond 32 bits is rejected at Patient.multipleBirthInteger', () => {
    assertRejectedAt({ ...patient(), multipleBirthInteger: 2 ** 31 }, 'Patient.multipleBirthInteger', 'value');
  });

  test('valueString and valueInteger together are rejected', () => {
    assertRejectedAt({ ...observation(), valueString: 'high', valueInteger: 3 }, 'Observation.valueInteger', 'structure');
  });

  test('a problem deep inside a choice element is reported with indexes and the concrete choice name', () => {
    const [systolic, diastolic] = observation().component;
    const resource = { ...observation(), component: [systolic, { ...diastolic, valueQuantity: { ...diastolic.valueQuantity, value: '80' } }] };
    assertRejectedAt(resource, 'Observation.component[1].valueQuantity.value', 'structure');
  });
});

describe('empty values', () => {
  test('an empty string is rejected at Patient.name[0].given[1]', () => {
    assertRejectedAt({ ...patient(), name: [{ family: 'Nguyễn', given: ['Văn', ''] }] }, 'Patient.name[0].given[1]', 'structure');
  });

  test('an empty array is rejected at Patient.telecom', () => {
    assertRejectedAt({ ...patient(), telecom: [] }, 'Patient.telecom', 'structure');
  });

  test('an empty object is rejected at Patient.maritalStatus', () => {
    assertRejectedAt({ ...patient(), maritalStatus: {} }, 'Patient.maritalStatus', 'structure');
  });

  test('an empty primitive extension object is rejected at Patient.birthDate', () => {
    assertRejectedAt({ ...patient(), _birthDate: {} }, 'Patient.birthDate', 'structure');
  });
});

describe('ids', () => {
  test("an id with a space is rejected at Patient.id, and isValidId agrees", () => {
    assertRejectedAt({ ...patient(), id: 'p 1' }, 'Patient.id', 'value');
    assert.equal(isValidId('p 1'), false);
  });

  test('an id of 65 characters is rejected; 64 is the limit', () => {
    assertRejectedAt({ ...patient(), id: 'a'.repeat(65) }, 'Patient.id', 'value');
    assert.deepEqual(errors({ ...patient(), id: 'a'.repeat(64) }), []);
  });

  test('a malformed meta.versionId is rejected at Patient.meta.versionId', () => {
    assertRejectedAt({ ...patient(), meta: { versionId: 'v/1' } }, 'Patient.meta.versionId', 'value');
  });

  test('isValidId accepts letters, digits, dash and dot and rejects everything else', () => {
    assert.equal(isValidId('A-z.09'), true);
    for (const bad of ['', 'a_b', 'a/b', 'á', 42, null, undefined]) {
      assert.equal(isValidId(bad), false, String(bad));
    }
  });
});

describe('dates and times', () => {
  test('a dateTime with a time but no time zone is rejected at Observation.effectiveDateTime', () => {
    const issue = assertRejectedAt({ ...observation(), effectiveDateTime: '2024-01-01T10:00:00' }, 'Observation.effectiveDateTime', 'value');
    assert.match(issue.diagnostics, /time zone/);
  });

  test('a dateTime with hours and minutes only is rejected', () => {
    assertRejectedAt({ ...observation(), effectiveDateTime: '2024-01-01T10:00+07:00' }, 'Observation.effectiveDateTime', 'value');
  });

  test('an instant without seconds is rejected at Observation.issued', () => {
    assertRejectedAt({ ...observation(), issued: '2024-01-01T10:00+07:00' }, 'Observation.issued', 'value');
  });

  test('an instant without a time zone is rejected at Patient.meta.lastUpdated', () => {
    assertRejectedAt({ ...patient(), meta: { lastUpdated: '2024-01-01T10:00:00' } }, 'Patient.meta.lastUpdated', 'value');
  });

  test('a date that is not on the calendar is rejected at Patient.birthDate', () => {
    assertRejectedAt({ ...patient(), birthDate: '2023-02-29' }, 'Patient.birthDate', 'value');
    assert.deepEqual(errors({ ...patient(), birthDate: '2024-02-29' }), []);
  });

  test('a period that ends before it starts is rejected; differently precise ends that overlap are not', () => {
    const encounter = (period: object) => ({ resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, period });
    assertRejectedAt(encounter({ start: '2024-02-01', end: '2024-01-31' }), 'Encounter.period', 'invariant');
    assert.deepEqual(errors(encounter({ start: '2024-01-15', end: '2024-01' })), []);
    assert.deepEqual(errors(encounter({ start: '2024-01-01T10:00:00+07:00', end: '2024-01-01T04:00:00Z' })), []);
    assert.deepEqual(errors(encounter({ start: '2024-01-01T23:00:00+07:00', end: '2024-01-01' })), []);
  });
});

describe('references and invariants', () => {
  test('a dispense handed over before it was prepared is rejected (mdd-1), whatever the time zones', () => {
    const dispense = (whenPrepared: string, whenHandedOver: string) => ({
      resourceType: 'MedicationDispense',
      status: 'completed',
      medicationCodeableConcept: { text: 'Paracetamol 500 mg' },
      whenPrepared,
      whenHandedOver,
    });
    assertRejectedAt(dispense('2024-05-01T10:00:00+07:00', '2024-05-01T09:00:00+07:00'), 'MedicationDispense', 'invariant');
    assert.deepEqual(errors(dispense('2024-05-01T10:00:00+07:00', '2024-05-01T04:00:00Z')), []);
  });

  test('a subject reference to a Practitioner is rejected at Observation.subject.reference', () => {
    assertRejectedAt({ ...observation(), subject: { reference: 'Practitioner/d-1' } }, 'Observation.subject.reference', 'invalid');
  });

  test('absolute, conditional and urn references of allowed or unknowable type pass', () => {
    for (const reference of ['https://sen.vn/fhir/R4/Patient/p-1', 'Patient?identifier=001099012345', 'urn:uuid:2d3c5c0e-6d7b-4c2a-9f1e-0b1a2c3d4e5f']) {
      assert.deepEqual(errors({ ...observation(), subject: { reference } }), [], reference);
    }
  });

  test('a local reference to a missing contained resource is rejected (ref-1)', () => {
    assertRejectedAt({ ...patient(), managingOrganization: { reference: '#org' } }, 'Patient.managingOrganization', 'invariant');
  });

  test('a quantity with a unit code but no system is rejected (qty-3)', () => {
    const component = { code: { text: 'Systolic' }, valueQuantity: { value: 120, code: 'mm[Hg]' } };
    assertRejectedAt({ ...observation(), component: [component] }, 'Observation.component[0].valueQuantity', 'invariant');
  });

  test('a range whose low is above its high is rejected (rng-2); ends in different units are not compared', () => {
    const mg = (value: number, code = 'mg') => ({ value, unit: code, system: 'http://unitsofmeasure.org', code });
    const { component: _component, ...single } = observation();
    const ranged = (low: object, high: object) => ({ ...single, valueRange: { low, high } });
    assertRejectedAt(ranged(mg(50), mg(10)), 'Observation.valueRange', 'invariant');
    assert.deepEqual(errors(ranged(mg(5), mg(1, 'g'))), []);
  });

  test('a risk prediction without probability passes ras-2, one above 100 does not', () => {
    const risk = (prediction: object) => ({ resourceType: 'RiskAssessment', status: 'final', subject: { reference: 'Patient/p-1' }, prediction: [prediction] });
    assert.deepEqual(errors(risk({ outcome: { text: 'stroke' } })), []);
    assertRejectedAt(risk({ probabilityDecimal: 150 }), 'RiskAssessment.prediction[0]', 'invariant');
  });

  test('a narrative that is not an XHTML div is rejected at Patient.text.div', () => {
    assertRejectedAt({ ...patient(), text: { status: 'generated', div: 'Nguyễn Văn An' } }, 'Patient.text.div', 'value');
    assertRejectedAt(
      { ...patient(), text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><script>x()</script></div>' } },
      'Patient.text.div',
      'value',
    );
  });
});

describe('resource types and input shape', () => {
  test('an unknown resource type gives one clear issue', () => {
    const issues = validateResource({ resourceType: 'Patientt', id: 'x' });
    assert.equal(issues.length, 1);
    assert.equal(issues[0].severity, 'error');
    assert.match(issues[0].diagnostics, /Patientt/);
  });

  test('a missing resourceType gives one issue', () => {
    assert.equal(validateResource({ id: 'x' }).length, 1);
  });

  test('input that is not a JSON object gives one issue', () => {
    for (const input of [null, undefined, 'Patient', 42, [patient()]]) {
      const issues = validateResource(input);
      assert.equal(issues.length, 1, JSON.stringify(input));
      assert.equal(issues[0].severity, 'error');
    }
  });

  test('a contained resource of unknown type is rejected at its resourceType', () => {
    assertRejectedAt({ ...patient(), contained: [{ resourceType: 'Medicine', id: 'm' }] }, 'Patient.contained[0].resourceType', 'invalid');
  });

  test('resources inside a Bundle are validated with their paths', () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient() }, { resource: { ...patient(), gender: 'mail' } }] };
    assertRejectedAt(bundle, 'Bundle.entry[1].resource.gender', 'code-invalid');
  });

  test('isKnownResourceType knows the R4 resource types and nothing else', () => {
    assert.equal(isKnownResourceType('Patient'), true);
    assert.equal(isKnownResourceType('Bundle'), true);
    for (const type of ['Resource', 'DomainResource', 'HumanName', 'SubscriptionStatus', 'patient']) {
      assert.equal(isKnownResourceType(type), false, type);
    }
    assert.equal(knownResourceTypes().length, 146);
  });
});
