import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  coverageFromForm,
  emptyPatientForm,
  hasErrors,
  normalizeFullName,
  normalizePhone,
  patientFromForm,
  readPatientForm,
  validatePatientForm,
  type PatientForm,
} from '../../../../fhir/registration/patient-form.ts';
import { messageCodes, messageText } from '../../../../fhir/registration/messages.ts';
import { validateResource } from '../../../../fhir/validation/validate.ts';
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM, SOCIAL_INSURANCE_NUMBER_SYSTEM } from '../../../../fhir/identifiers/systems.ts';
import { addressUnitCodes } from '../../../../fhir/terminology/address.ts';
import { ETHNICITY_EXTENSION, NATIONALITY_EXTENSION, OCCUPATION_EXTENSION } from '../../../../fhir/terminology/extensions.ts';

const TODAY = '2026-06-01';

function form(overrides: Partial<PatientForm> = {}): PatientForm {
  return { ...emptyPatientForm({ provinceCode: '01', communeCode: '00070' }), fullName: 'Nguyễn Văn An', sex: 'male', birthDate: '12/03/1985', ...overrides };
}

const codesFor = (f: PatientForm, field: string) => validatePatientForm(f, TODAY).filter((issue) => issue.field === field).map((issue) => `${issue.severity}:${issue.code}`);

describe('The new-patient form: checks', () => {
  test('a minimal adult form is valid', () => {
    assert.deepEqual(validatePatientForm(form(), TODAY), []);
  });

  test('names: required, letters only, family and given name', () => {
    assert.deepEqual(codesFor(form({ fullName: '  ' }), 'fullName'), ['error:required']);
    assert.deepEqual(codesFor(form({ fullName: 'An' }), 'fullName'), ['error:name-too-short']);
    assert.deepEqual(codesFor(form({ fullName: 'Lê 3 Văn' }), 'fullName'), ['error:name-invalid']);
    assert.deepEqual(codesFor(form({ fullName: "H'Hen Niê" }), 'fullName'), []);
    assert.equal(normalizeFullName('  nguyễn   văn  AN '), 'Nguyễn Văn An');
    assert.equal(normalizeFullName('đặng thị ánh'), 'Đặng Thị Ánh');
  });

  test('date of birth: full or year only, not in the future, not absurdly old', () => {
    assert.deepEqual(codesFor(form({ birthDate: '1985' }), 'birthDate'), []);
    assert.deepEqual(codesFor(form({ birthDate: '' }), 'birthDate'), ['error:required']);
    assert.deepEqual(codesFor(form({ birthDate: '31/02/1985' }), 'birthDate'), ['error:date-invalid']);
    assert.deepEqual(codesFor(form({ birthDate: '02/06/2026' }), 'birthDate'), ['error:birth-date-future']);
    assert.deepEqual(codesFor(form({ birthDate: '1880' }), 'birthDate'), ['error:birth-date-too-old']);
  });

  test('CCCD: 12 digits; digits 4–6 that contradict sex or birth year warn, never block', () => {
    assert.deepEqual(codesFor(form({ cccd: '0010850123' }), 'cccd'), ['error:cccd-format']);
    assert.deepEqual(codesFor(form({ cccd: '00108501234a' }), 'cccd'), ['error:cccd-format']);
    assert.deepEqual(codesFor(form({ cccd: '001085012345' }), 'cccd'), []);
    assert.deepEqual(codesFor(form({ cccd: '001185012345' }), 'cccd'), ['warning:cccd-sex-mismatch']);
    assert.deepEqual(codesFor(form({ cccd: '001086012345' }), 'cccd'), ['warning:cccd-birth-year-mismatch']);
    const warnings = validatePatientForm(form({ cccd: '001186012345' }), TODAY);
    assert.equal(hasErrors(warnings), false);
    assert.equal(messageText(warnings[0].code, 'vi', warnings[0].params), 'Chữ số thứ 4 của CCCD ứng với giới tính Nữ, khác giới tính đã chọn. Vui lòng kiểm tra lại.');
    assert.equal(messageText(warnings[1].code, 'en', warnings[1].params), 'Digits 4–6 of the CCCD say born in 1986, not 1985. Please check.');
  });

  test('BHYT card: 15 characters in their parts, a start date, a period in order; expiry warns', () => {
    const card = (cardNumber: string, validFrom = '01/01/2026', validTo = '', registeredFacilityCode = '') => form({ insurance: { cardNumber, validFrom, validTo, registeredFacilityCode } });
    assert.deepEqual(codesFor(card('GD4010112345678'), 'insurance.cardNumber'), []);
    assert.deepEqual(codesFor(card('gd4 01 0112345678'), 'insurance.cardNumber'), []);
    assert.deepEqual(codesFor(card('GD401011234567'), 'insurance.cardNumber'), ['error:card-length']);
    assert.deepEqual(codesFor(card('G14010112345678'), 'insurance.cardNumber'), ['error:card-group-code']);
    assert.deepEqual(codesFor(card('GD6010112345678'), 'insurance.cardNumber'), ['error:card-benefit-level']);
    assert.deepEqual(codesFor(card('GD40A0112345678'), 'insurance.cardNumber'), ['error:card-issuing-province-code']);
    assert.deepEqual(codesFor(card('GD40101123456X8'), 'insurance.cardNumber'), ['error:card-social-insurance-number']);
    assert.deepEqual(codesFor(card('GD4010112345678', ''), 'insurance.validFrom'), ['error:card-from-required']);
    assert.deepEqual(codesFor(card('GD4010112345678', '1/13/2026'), 'insurance.validFrom'), ['error:date-invalid-full']);
    assert.deepEqual(codesFor(card('GD4010112345678', '01/01/2026', '2026'), 'insurance.validTo'), ['error:date-invalid-full']);
    assert.deepEqual(codesFor(card('GD4010112345678', '01/01/2026', '31/12/2025'), 'insurance.validTo'), ['error:card-period-order']);
    assert.deepEqual(codesFor(card('GD4010112345678', '01/01/2025', '31/12/2025'), 'insurance.validTo'), ['warning:card-expired']);
    assert.deepEqual(codesFor(card('GD4010112345678', '01/07/2026'), 'insurance.validFrom'), ['warning:card-not-yet-valid']);
    assert.deepEqual(codesFor(card('GD4010112345678', '01/01/2026', '', '0100'), 'insurance.registeredFacilityCode'), ['error:facility-code-format']);
    assert.deepEqual(codesFor(card('GD4010112345678', '01/01/2026', '', '01001'), 'insurance.registeredFacilityCode'), []);
    // No card: none of its fields are asked for.
    assert.deepEqual(validatePatientForm(form({ insurance: { cardNumber: '', validFrom: 'x', validTo: 'y', registeredFacilityCode: 'z' } }), TODAY), []);
  });

  test('phones: Vietnamese mobile or landline numbers, typed any way', () => {
    for (const phone of ['0912345678', '091 234 5678', '+84 912 345 678', '84912345678', '02438251234']) assert.deepEqual(codesFor(form({ phone }), 'phone'), [], phone);
    for (const phone of ['12345', '0112345678', '091234567', '0912345678901']) assert.deepEqual(codesFor(form({ phone }), 'phone'), ['error:phone-format'], phone);
    assert.equal(normalizePhone('+84 912.345-678'), '0912345678');
  });

  test('address: the 2025 province and a commune of it', () => {
    assert.deepEqual(codesFor(form({ provinceCode: '' }), 'provinceCode'), ['error:province-required']);
    assert.deepEqual(codesFor(form({ communeCode: '' }), 'communeCode'), ['error:commune-required']);
    assert.deepEqual(codesFor(form({ provinceCode: '79' }), 'communeCode'), ['error:commune-not-in-province']);
  });

  test('children under 6 (72 months) need a guardian with relationship and phone', () => {
    const child = form({ fullName: 'Phạm Gia Bảo', birthDate: '15/06/2022' });
    assert.deepEqual(validatePatientForm(child, TODAY).map((issue) => issue.code).sort(), ['guardian-phone-required', 'guardian-relationship-required', 'guardian-required']);
    assert.deepEqual(validatePatientForm({ ...child, guardian: { name: 'Phạm Thị Hoa', relationship: 'MTH', phone: '0987654321' } }, TODAY), []);
    assert.deepEqual(validatePatientForm(form({ birthDate: '01/05/2020' }), TODAY), [], 'six years and one month: no guardian asked');
  });

  test('coded lists: unknown ethnicity, occupation or nationality codes are errors', () => {
    assert.deepEqual(codesFor(form({ ethnicityCode: '77' }), 'ethnicityCode'), ['error:ethnicity-unknown']);
    assert.deepEqual(codesFor(form({ occupationCode: '55' }), 'occupationCode'), ['error:occupation-unknown']);
    assert.deepEqual(codesFor(form({ nationality: 'XX' }), 'nationality'), ['error:nationality-unknown']);
  });

  test('every message exists in Vietnamese and English', () => {
    for (const code of messageCodes()) {
      assert.ok(messageText(code, 'vi').length > 5, code);
      assert.ok(messageText(code, 'en').length > 5, code);
      assert.notEqual(messageText(code, 'vi'), messageText(code, 'en'), code);
    }
  });

  test('the server reads only text fields from an untrusted body', () => {
    assert.equal(readPatientForm({ ...form(), fullName: 42 }), undefined);
    assert.equal(readPatientForm('x'), undefined);
    const read = readPatientForm({ ...form(), extra: 'ignored', sex: 'robot' });
    assert.equal(read?.sex, '');
    assert.equal((read as unknown as Record<string, unknown>).extra, undefined);
  });
});

describe('The new-patient form: FHIR Patient and Coverage', () => {
  const full = form({
    fullName: 'nguyễn thị ánh', sex: 'female', cccd: '001185012345', phone: '0912 345 678', occupationCode: '05', addressDetail: 'Thôn Đông',
    insurance: { cardNumber: 'GD4010112345678', validFrom: '01/01/2026', validTo: '31/12/2026', registeredFacilityCode: '01001' },
  });

  test('the Patient carries VN Core identifiers, extensions and the coded address, and is valid FHIR R4', () => {
    const patient = patientFromForm(full, TODAY, { facilityId: 'tram-1' });
    assert.deepEqual(patient.name, [{ use: 'official', text: 'Nguyễn Thị Ánh', family: 'Nguyễn', given: ['Thị', 'Ánh'] }]);
    assert.equal(patient.gender, 'female');
    assert.equal(patient.birthDate, '1985-03-12');
    const systems = patient.identifier!.map((identifier) => [identifier.system, identifier.value]);
    assert.deepEqual(systems, [[CCCD_SYSTEM, '001185012345'], [BHYT_CARD_SYSTEM, 'GD4010112345678'], [SOCIAL_INSURANCE_NUMBER_SYSTEM, '0112345678']]);
    assert.deepEqual(patient.identifier![1].period, { start: '2026-01-01', end: '2026-12-31' });
    assert.deepEqual(patient.extension!.map((extension) => extension.url), [ETHNICITY_EXTENSION, NATIONALITY_EXTENSION, OCCUPATION_EXTENSION]);
    assert.deepEqual(addressUnitCodes(patient.address![0]), { provinceCode: '01', communeCode: '00070' });
    assert.equal(patient.address![0].text, 'Thôn Đông, Phường Hoàn Kiếm, Thành phố Hà Nội');
    assert.deepEqual(patient.telecom, [{ system: 'phone', value: '0912345678', use: 'mobile' }]);
    assert.deepEqual(patient.managingOrganization, { reference: 'Organization/tram-1' });
    assert.deepEqual(validateResource(patient as never).filter((issue) => issue.severity === 'error'), []);
  });

  test('a year-only birth date stays a year', () => {
    assert.equal(patientFromForm(form({ birthDate: '1950' }), TODAY).birthDate, '1950');
  });

  test('the Coverage is the BHYT card with its period and registered facility, and is valid FHIR R4', () => {
    const coverage = coverageFromForm(full, { reference: 'Patient/p1' })!;
    assert.equal(coverage.subscriberId, 'GD4010112345678');
    assert.deepEqual(coverage.beneficiary, { reference: 'Patient/p1' });
    assert.deepEqual(coverage.period, { start: '2026-01-01', end: '2026-12-31' });
    assert.equal(coverage.extension![0].valueIdentifier!.value, '01001');
    assert.deepEqual(validateResource(coverage as never).filter((issue) => issue.severity === 'error'), []);
    assert.equal(coverageFromForm(form(), { reference: 'Patient/p1' }), undefined);
  });

  test('a child gets the guardian as contact', () => {
    const patient = patientFromForm(form({ fullName: 'Phạm Gia Bảo', birthDate: '15/06/2022', guardian: { name: 'phạm thị hoa', relationship: 'MTH', phone: '0987 654 321' } }), TODAY);
    assert.equal(patient.contact![0].name!.text, 'Phạm Thị Hoa');
    assert.equal(patient.contact![0].relationship![0].coding![0].code, 'MTH');
    assert.equal(patient.contact![0].telecom![0].value, '0987654321');
  });

  test('an invalid form cannot be mapped', () => {
    assert.throws(() => patientFromForm(form({ cccd: '123' }), TODAY));
  });
});
