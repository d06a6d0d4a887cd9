// The resources the search suite loads, each with a readable id, and helpers to query a test server. The suite's
// expected results are written out by hand against these fixtures, never computed by Sen's own code.
import assert from 'node:assert/strict';
import type { TestServer } from '../../support/sen-server.ts';

export const CCCD = 'http://fhir.ehealth.gov.vn/core/sid/national_id';
export const BHYT = 'http://fhir.ehealth.gov.vn/core/sid/insurance_number';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const SEN_PROFILE = 'https://sen.health.vn/fhir/StructureDefinition/sen-patient';

type Json = Record<string, unknown>;

const patient = (id: string, family: string, given: string[], extra: Json = {}): Json =>
  ({ resourceType: 'Patient', id, name: [{ family, given }], ...extra });

export const PATIENTS: Json[] = [
  patient('an', 'Nguyễn', ['Văn', 'An'], {
    gender: 'male', birthDate: '1990-05-01', active: true,
    identifier: [{ system: CCCD, value: '001090000001', type: { coding: [{ system: V2_0203, code: 'NI' }] } }],
    managingOrganization: { reference: 'Organization/tram-1' },
    meta: { tag: [{ system: 'urn:sen:test', code: 'vip' }], profile: [SEN_PROFILE] },
  }),
  patient('binh', 'Đặng', ['Thị', 'Bình'], {
    gender: 'female', birthDate: '1990-05',
    identifier: [{ system: BHYT, value: 'DN4010123456789', type: { coding: [{ system: V2_0203, code: 'SB' }] } }],
    managingOrganization: { reference: 'Organization/tram-2' },
  }),
  patient('minh', 'Dang', ['Minh'], { gender: 'male', birthDate: '1985', identifier: [{ value: 'no-system-1' }], active: false }),
  patient('hanh', 'Trần', ['Nguyên', 'Hạnh'], {
    gender: 'female', birthDate: '2001-12-31',
    identifier: [{ system: 'urn:test', value: 'a,b|c' }],
    managingOrganization: { reference: 'Organization/tram-1' },
    meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] },
  }),
  patient('anh', 'Lê', ['Thị', 'Ánh'], { birthDate: '1990-05-01', telecom: [{ system: 'phone', value: '0912345678' }] }),
];

export const ORGANIZATIONS: Json[] = [
  { resourceType: 'Organization', id: 'tram-1', name: 'Trạm Y tế xã Tân Hòa', partOf: { reference: 'Organization/ttyt' } },
  { resourceType: 'Organization', id: 'tram-2', name: 'Trạm Y tế xã Bình Minh', partOf: { reference: 'Organization/ttyt' } },
  { resourceType: 'Organization', id: 'ttyt', name: 'Trung tâm Y tế huyện Châu Thành' },
];

export const ENCOUNTERS: Json[] = [
  { resourceType: 'Encounter', id: 'enc-an', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: 'Patient/an' }, serviceProvider: { reference: 'Organization/tram-1' }, period: { start: '2025-03-01T07:30:00+07:00', end: '2025-03-01T09:00:00+07:00' } },
  { resourceType: 'Encounter', id: 'enc-binh', status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: 'Patient/binh' }, serviceProvider: { reference: 'Organization/tram-2' }, period: { start: '2025-03-02T08:00:00+07:00' } },
];

const quantity = (value: number, code = 'mm[Hg]', unit = 'mmHg'): Json => ({ value, unit, system: UCUM, code });
const observation = (id: string, subject: string, code: string, extra: Json): Json => ({
  resourceType: 'Observation', id, status: 'final',
  code: { coding: [{ system: LOINC, code, display: code === '8867-4' ? 'Heart rate' : 'Systolic blood pressure' }], text: code === '8867-4' ? 'Mạch' : 'Huyết áp tâm thu' },
  subject: { reference: `Patient/${subject}` }, ...extra,
});

export const OBSERVATIONS: Json[] = [
  observation('sys-100', 'an', '8480-6', { encounter: { reference: 'Encounter/enc-an' }, effectiveDateTime: '2025-03-01T08:00:00+07:00', valueQuantity: quantity(100) }),
  observation('sys-99-6', 'an', '8480-6', { effectiveDateTime: '2025-03-01T08:30:15+07:00', valueQuantity: quantity(99.6) }),
  observation('sys-100-4', 'binh', '8480-6', { encounter: { reference: 'Encounter/enc-binh' }, effectiveDateTime: '2025-03-02', valueQuantity: quantity(100.4) }),
  observation('sys-100-5', 'binh', '8480-6', { effectivePeriod: { start: '2025-03-01T23:00:00+07:00', end: '2025-03-02T01:00:00+07:00' }, valueQuantity: quantity(100.5) }),
  observation('sys-gt-140', 'minh', '8480-6', { effectiveDateTime: '2025-02', valueQuantity: { ...quantity(140), comparator: '>' } }),
  observation('pulse-72', 'an', '8867-4', { effectiveDateTime: '2025-03-01T08:00:00+07:00', valueQuantity: { value: 72, unit: 'lần/phút', system: UCUM, code: '/min' }, performer: [{ reference: 'Organization/tram-1' }] }),
  {
    resourceType: 'Observation', id: 'bp-hanh', status: 'final', subject: { reference: 'Patient/hanh' }, effectiveDateTime: '2025-04-10T09:00:00+07:00',
    code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
    component: [
      { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: quantity(150) },
      { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: quantity(95) },
    ],
  },
];

export const OTHERS: Json[] = [
  { resourceType: 'Condition', id: 'dengue-an', subject: { reference: 'Patient/an' }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'A97.0', display: 'Sốt xuất huyết Dengue' }] }, onsetDateTime: '2025-03-01' },
  { resourceType: 'RiskAssessment', id: 'risk-55', status: 'final', subject: { reference: 'Patient/an' }, prediction: [{ probabilityDecimal: 0.55 }] },
  { resourceType: 'RiskAssessment', id: 'risk-60', status: 'final', subject: { reference: 'Patient/binh' }, prediction: [{ probabilityDecimal: 0.6 }] },
  { resourceType: 'RiskAssessment', id: 'risk-650', status: 'final', subject: { reference: 'http://other.example/fhir/Patient/x1' }, prediction: [{ probabilityDecimal: 0.650 }] },
  { resourceType: 'ValueSet', id: 'vs-ethnic', status: 'active', url: 'https://sen.health.vn/fhir/ValueSet/ethnicity' },
  { resourceType: 'ValueSet', id: 'vs-ethnic-2', status: 'active', url: 'https://sen.health.vn/fhir/ValueSet/ethnicity/v2' },
  { resourceType: 'ValueSet', id: 'vs-other', status: 'active', url: 'http://hl7.org/fhir/ValueSet/administrative-gender' },
  { resourceType: 'Coverage', id: 'cov-binh', status: 'active', beneficiary: { reference: 'Patient/binh' }, payor: [{ identifier: { system: 'urn:payor', value: 'BHXH-VN' } }], identifier: [{ system: BHYT, value: 'DN4010123456789' }] },
];

export async function loadFixtures(server: TestServer): Promise<void> {
  for (const resource of [...ORGANIZATIONS, ...PATIENTS, ...ENCOUNTERS, ...OBSERVATIONS, ...OTHERS]) {
    const response = await server.request(`/fhir/R4/${resource.resourceType}/${resource.id}`, { method: 'PUT', json: resource });
    assert.ok(response.status === 201 || response.status === 200, `PUT ${resource.resourceType}/${resource.id}: ${response.status} ${await response.text()}`);
  }
}

export interface Bundle {
  resourceType: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { fullUrl?: string; resource: Json & { resourceType: string; id: string }; search?: { mode: string } }[];
}

export async function getBundle(server: TestServer, path: string, init: RequestInit = {}): Promise<Bundle> {
  const response = await server.request(`/fhir/R4/${path}`, init);
  const body = await response.text();
  assert.equal(response.status, 200, `${path}: ${body}`);
  return JSON.parse(body) as Bundle;
}

/** `Type/id` of the entries with `mode`, following next links to the end, sorted. */
export async function found(server: TestServer, path: string, mode = 'match'): Promise<string[]> {
  const out: string[] = [];
  let url: string | undefined = `${server.fhir}/${path}`;
  for (let pages = 0; url && pages < 100; pages++) {
    const bundle = await getBundle(server, url.slice(server.fhir.length + 1));
    for (const entry of bundle.entry ?? []) if (entry.search?.mode === mode) out.push(`${entry.resource.resourceType}/${entry.resource.id}`);
    url = bundle.link?.find((link) => link.relation === 'next')?.url;
  }
  return out.sort();
}

export async function status(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const response = await server.request(`/fhir/R4/${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Json };
}
