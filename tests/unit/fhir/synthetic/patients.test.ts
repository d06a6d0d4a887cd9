import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Patient } from '@medplum/fhirtypes';
import { checkCccdAgainst, parseCccd } from '../../../../fhir/identifiers/cccd.ts';
import { parseInsuranceCard } from '../../../../fhir/identifiers/insurance-card.ts';
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM } from '../../../../fhir/identifiers/systems.ts';
import { addressUnitCodes } from '../../../../fhir/terminology/address.ts';
import { findCommune } from '../../../../fhir/terminology/admin-units.ts';
import { ETHNICITY_EXTENSION } from '../../../../fhir/terminology/extensions.ts';
import { sampleDataset } from './sample-dataset.ts';

function identifierValue(patient: Patient, system: string): string | undefined {
  return patient.identifier?.find((identifier) => identifier.system === system)?.value;
}

const MOBILE = /^0(3[2-9]|5[2689]|7[06789]|8[1-9]|9[0-46-9])\d{7}$/;

test("every patient's CCCD agrees with their sex and birth year", () => {
  for (const { patient } of sampleDataset().records) {
    const cccd = identifierValue(patient, CCCD_SYSTEM);
    assert.ok(cccd, `${patient.id} has no CCCD`);
    const birthYear = Number(patient.birthDate?.slice(0, 4));
    assert.deepEqual(checkCccdAgainst(cccd, { gender: patient.gender, birthYear }), [], `${patient.name?.[0].text} ${patient.birthDate} ${cccd}`);
    assert.ok(parseCccd(cccd)?.birthProvince, `${cccd} is not registered in a known province`);
  }
});

test('CCCD numbers are unique across the dataset', () => {
  const numbers = sampleDataset().records.map(({ patient }) => identifierValue(patient, CCCD_SYSTEM));
  assert.equal(new Set(numbers).size, numbers.length);
});

test('most patients hold a valid BHYT card, matched by a Coverage for the same card', () => {
  const { records } = sampleDataset();
  let insured = 0;
  for (const record of records) {
    const card = identifierValue(record.patient, BHYT_CARD_SYSTEM);
    assert.equal(record.coverage?.subscriberId, card);
    if (!card) continue;
    insured++;
    const parsed = parseInsuranceCard(card);
    assert.ok(parsed.ok && parsed.warnings.length === 0, card);
  }
  assert.ok(insured / records.length > 0.8 && insured < records.length, `${insured} of ${records.length} insured`);
});

test('children under six carry the free TE card', () => {
  for (const { patient } of sampleDataset().records) {
    const ageAtSample = 2026 - Number(patient.birthDate?.slice(0, 4));
    if (ageAtSample < 5) assert.match(identifierValue(patient, BHYT_CARD_SYSTEM) ?? '', /^TE1/);
  }
});

test('names are written family name first, with Vietnamese diacritics and a sex-appropriate middle name', () => {
  const { records } = sampleDataset();
  const texts = records.map(({ patient }) => patient.name?.[0].text ?? '');
  assert.ok(texts.every((text) => text.split(' ').length >= 3));
  assert.ok(texts.filter((text) => text.startsWith('Nguyễn ')).length > records.length * 0.25);
  assert.ok(records.every(({ patient }) => !(patient.gender === 'male' && patient.name?.[0].given?.[0] === 'Thị')));
  assert.ok(records.some(({ patient }) => patient.gender === 'female' && patient.name?.[0].given?.[0] === 'Thị'));
});

test('patients live in a real commune of the facility province, with a mobile number or a parent to call', () => {
  const { dataset, records } = sampleDataset();
  for (const { patient } of records) {
    const { provinceCode, communeCode } = addressUnitCodes(patient.address?.[0] ?? {});
    assert.equal(provinceCode, dataset.network.province.code);
    assert.equal(findCommune(communeCode ?? '')?.provinceCode, provinceCode);
    for (const phone of [...(patient.telecom ?? []), ...(patient.contact?.flatMap((contact) => contact.telecom ?? []) ?? [])]) {
      assert.match(phone.value ?? '', MOBILE);
    }
  }
});

test('birth dates span all ages and most patients are Kinh', () => {
  const { records } = sampleDataset();
  const years = records.map(({ patient }) => Number(patient.birthDate?.slice(0, 4)));
  assert.ok(Math.min(...years) < 1950 && Math.max(...years) >= 2025);
  const kinh = records.filter(({ patient }) => patient.extension?.find((ext) => ext.url === ETHNICITY_EXTENSION)?.valueCodeableConcept?.coding?.[0].code === '01');
  assert.ok(kinh.length > records.length * 0.7 && kinh.length < records.length);
});
