// The registration desk's one-form new patient: what the clerk types, how it is checked (the same code runs in the
// browser as they type and on the server before anything is stored), and the FHIR Patient and Coverage it becomes
// (VN Core IG identifier systems and extensions, the shapes the synthetic generator also writes).
import type { Coverage, Extension, Organization, Patient, PatientContact, Reference } from '@medplum/fhirtypes';
import { checkCccdAgainst, isCccdFormat } from '../identifiers/cccd.ts';
import { vnIdentifier } from '../identifiers/identifier.ts';
import { normalizeInsuranceCardNumber, parseInsuranceCard, type InsuranceCardProblem } from '../identifiers/insurance-card.ts';
import { parseFacilityCode } from '../identifiers/facility-code.ts';
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM, SOCIAL_INSURANCE_NUMBER_SYSTEM } from '../identifiers/systems.ts';
import { vietnameseAddress } from '../terminology/address.ts';
import { findCommune, findProvince } from '../terminology/admin-units.ts';
import { ISO_3166_SYSTEM, V3_ROLE_CODE_SYSTEM, VN_ETHNICITY_SYSTEM, VN_OCCUPATION_4069_SYSTEM } from '../terminology/code-systems.ts';
import { findEthnicity } from '../terminology/ethnicity.ts';
import { codedExtension, ETHNICITY_EXTENSION, NATIONALITY_EXTENSION, OCCUPATION_EXTENSION } from '../terminology/extensions.ts';
import { findOccupation4069 } from '../terminology/occupation-4069.ts';
import { bhytCoverage } from '../synthetic/coverage.ts';
import { findGuardianRelationship, findNationality } from './code-lists.ts';
import { ageOn, fhirDateOf, formatVnDate, isAfterDay, parseTypedDate, type TypedDate } from './dates.ts';
import type { MessageCode } from './messages.ts';
import { isVietnamesePhone, normalizePhone } from './phone.ts';

export { isVietnamesePhone, normalizePhone };

export type FormSex = 'male' | 'female' | 'unknown' | '';

/** Everything as typed: strings, so that a half-typed form can be held and checked. */
export interface PatientForm {
  fullName: string;
  sex: FormSex;
  /** dd/mm/yyyy, or the year alone. */
  birthDate: string;
  cccd: string;
  phone: string;
  ethnicityCode: string;
  occupationCode: string;
  /** ISO 3166-1 alpha-2. */
  nationality: string;
  provinceCode: string;
  communeCode: string;
  addressDetail: string;
  /** An empty card number means no insurance card. */
  insurance: { cardNumber: string; validFrom: string; validTo: string; registeredFacilityCode: string };
  /** Asked for children under 6 (72 months). */
  guardian: { name: string; relationship: string; phone: string };
}

export function emptyPatientForm(defaults: Partial<Pick<PatientForm, 'provinceCode' | 'communeCode'>> = {}): PatientForm {
  return {
    fullName: '', sex: '', birthDate: '', cccd: '', phone: '', ethnicityCode: '01', occupationCode: '', nationality: 'VN',
    provinceCode: defaults.provinceCode ?? '', communeCode: defaults.communeCode ?? '', addressDetail: '',
    insurance: { cardNumber: '', validFrom: '', validTo: '', registeredFacilityCode: '' },
    guardian: { name: '', relationship: '', phone: '' },
  };
}

export type FormField =
  | 'fullName' | 'sex' | 'birthDate' | 'cccd' | 'phone' | 'ethnicityCode' | 'occupationCode' | 'nationality'
  | 'provinceCode' | 'communeCode' | 'addressDetail'
  | 'insurance.cardNumber' | 'insurance.validFrom' | 'insurance.validTo' | 'insurance.registeredFacilityCode'
  | 'guardian.name' | 'guardian.relationship' | 'guardian.phone';

/** Fields in the order the form shows them: the first error gets the focus. */
export const FORM_FIELDS: readonly FormField[] = [
  'fullName', 'sex', 'birthDate', 'cccd', 'phone', 'insurance.cardNumber', 'insurance.validFrom', 'insurance.validTo',
  'insurance.registeredFacilityCode', 'provinceCode', 'communeCode', 'addressDetail', 'ethnicityCode', 'occupationCode',
  'nationality', 'guardian.name', 'guardian.relationship', 'guardian.phone',
];

export interface FormIssue {
  field: FormField;
  code: MessageCode;
  /** An error blocks saving; a warning asks the clerk to look again. */
  severity: 'error' | 'warning';
  params?: Record<string, string | number>;
}

const MAX_TEXT = 200;
const GUARDIAN_BELOW_MONTHS = 72;

/** "  nguyễn   văn  an " → "Nguyễn Văn An" (NFC, single spaces, each word capitalised). */
export function normalizeFullName(input: string): string {
  return input
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toLocaleUpperCase('vi') + word.slice(1).toLocaleLowerCase('vi'))
    .join(' ');
}

const NAME_PATTERN = /^[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*$/u;

const CARD_PROBLEM_CODE: Record<InsuranceCardProblem, MessageCode> = {
  length: 'card-length',
  'group-code': 'card-group-code',
  'benefit-level': 'card-benefit-level',
  'issuing-province-code': 'card-issuing-province-code',
  'social-insurance-number': 'card-social-insurance-number',
};

/** Age in months on `today`, or undefined while the date of birth is not valid. */
export function ageInMonths(form: Pick<PatientForm, 'birthDate'>, today: string): number | undefined {
  const typed = parseTypedDate(form.birthDate);
  if (!typed) return undefined;
  return ageOn(fhirDateOf(typed), today).months;
}

export function needsGuardian(form: Pick<PatientForm, 'birthDate'>, today: string): boolean {
  const months = ageInMonths(form, today);
  return months !== undefined && months < GUARDIAN_BELOW_MONTHS;
}

/**
 * Every problem with the form on `today` (YYYY-MM-DD, Vietnamese calendar). Errors block saving; warnings (a CCCD
 * that contradicts sex or birth year, an expired card) are shown but the clerk may go on: registries make mistakes.
 */
export function validatePatientForm(form: PatientForm, today: string): FormIssue[] {
  const issues: FormIssue[] = [];
  const error = (field: FormField, code: MessageCode, params?: FormIssue['params']) => issues.push({ field, code, severity: 'error', ...(params ? { params } : {}) });
  const warning = (field: FormField, code: MessageCode, params?: FormIssue['params']) => issues.push({ field, code, severity: 'warning', ...(params ? { params } : {}) });

  const name = normalizeFullName(form.fullName);
  if (!name) error('fullName', 'required');
  else if (name.length > MAX_TEXT) error('fullName', 'too-long', { max: MAX_TEXT });
  else if (!name.split(' ').every((word) => NAME_PATTERN.test(word))) error('fullName', 'name-invalid');
  else if (name.split(' ').length < 2) error('fullName', 'name-too-short');

  if (!['male', 'female', 'unknown'].includes(form.sex)) error('sex', 'sex-required');

  let birth: TypedDate | undefined;
  if (!form.birthDate.trim()) error('birthDate', 'required');
  else {
    birth = parseTypedDate(form.birthDate);
    if (!birth) error('birthDate', 'date-invalid');
    else if (isAfterDay(fhirDateOf(birth), today)) error('birthDate', 'birth-date-future');
    else if (ageOn(fhirDateOf(birth), today).years > 130) error('birthDate', 'birth-date-too-old');
  }

  const cccd = form.cccd.replace(/\s/g, '');
  if (cccd) {
    if (!isCccdFormat(cccd)) error('cccd', 'cccd-format');
    else {
      const birthYear = birth ? Number(fhirDateOf(birth).slice(0, 4)) : undefined;
      const gender = form.sex === 'male' || form.sex === 'female' ? form.sex : undefined;
      for (const found of checkCccdAgainst(cccd, { gender, birthYear })) {
        if (found.code === 'sex-mismatch') warning('cccd', 'cccd-sex-mismatch', { cccdSex: found.cccdSex });
        if (found.code === 'birth-year-mismatch') warning('cccd', 'cccd-birth-year-mismatch', { cccdBirthYear: found.cccdBirthYear, recordBirthYear: found.recordBirthYear });
      }
    }
  }

  const phone = normalizePhone(form.phone);
  if (phone && !isVietnamesePhone(phone)) error('phone', 'phone-format');

  const card = form.insurance.cardNumber.trim();
  if (card) {
    const parsed = parseInsuranceCard(card);
    if (!parsed.ok) for (const problem of parsed.problems) error('insurance.cardNumber', CARD_PROBLEM_CODE[problem]);
    else if (parsed.warnings.includes('unknown-issuing-province')) warning('insurance.cardNumber', 'card-unknown-province', { code: parsed.card.issuingProvinceCode });
    const from = form.insurance.validFrom.trim() ? parseTypedDate(form.insurance.validFrom) : undefined;
    const to = form.insurance.validTo.trim() ? parseTypedDate(form.insurance.validTo) : undefined;
    if (!form.insurance.validFrom.trim()) error('insurance.validFrom', 'card-from-required');
    else if (!from || from.kind !== 'full') error('insurance.validFrom', 'date-invalid-full');
    if (form.insurance.validTo.trim() && (!to || to.kind !== 'full')) error('insurance.validTo', 'date-invalid-full');
    if (from?.kind === 'full' && to?.kind === 'full') {
      if (to.date < from.date) error('insurance.validTo', 'card-period-order');
    }
    if (to?.kind === 'full' && to.date < today && !(from?.kind === 'full' && to.date < from.date)) warning('insurance.validTo', 'card-expired', { date: formatVnDate(to.date) });
    if (from?.kind === 'full' && from.date > today) warning('insurance.validFrom', 'card-not-yet-valid', { date: formatVnDate(from.date) });
    const facility = form.insurance.registeredFacilityCode.trim();
    if (facility && !parseFacilityCode(facility)) error('insurance.registeredFacilityCode', 'facility-code-format');
  }

  if (!form.provinceCode) error('provinceCode', 'province-required');
  else if (!findProvince(form.provinceCode)) error('provinceCode', 'province-required');
  if (!form.communeCode) error('communeCode', 'commune-required');
  else {
    const commune = findCommune(form.communeCode);
    if (!commune) error('communeCode', 'commune-required');
    else if (form.provinceCode && commune.provinceCode !== form.provinceCode) error('communeCode', 'commune-not-in-province');
  }
  if (form.addressDetail.length > MAX_TEXT) error('addressDetail', 'too-long', { max: MAX_TEXT });

  if (form.ethnicityCode && !findEthnicity(form.ethnicityCode)) error('ethnicityCode', 'ethnicity-unknown');
  if (form.occupationCode && !findOccupation4069(form.occupationCode)) error('occupationCode', 'occupation-unknown');
  if (form.nationality && !findNationality(form.nationality)) error('nationality', 'nationality-unknown');

  if (birth && needsGuardian(form, today)) {
    const guardianName = normalizeFullName(form.guardian.name);
    if (!guardianName) error('guardian.name', 'guardian-required');
    else if (!guardianName.split(' ').every((word) => NAME_PATTERN.test(word))) error('guardian.name', 'name-invalid');
    if (!findGuardianRelationship(form.guardian.relationship)) error('guardian.relationship', 'guardian-relationship-required');
    const guardianPhone = normalizePhone(form.guardian.phone);
    if (!guardianPhone) error('guardian.phone', 'guardian-phone-required');
    else if (!isVietnamesePhone(guardianPhone)) error('guardian.phone', 'phone-format');
  }
  return issues;
}

export const hasErrors = (issues: readonly FormIssue[]): boolean => issues.some((issue) => issue.severity === 'error');

export interface RegistrationFacts {
  /** The facility registering the patient (Patient.managingOrganization); none for a system administrator. */
  facilityId?: string | null;
}

function humanName(fullName: string): NonNullable<Patient['name']>[number] {
  const words = normalizeFullName(fullName).split(' ');
  return { use: 'official', text: words.join(' '), family: words[0], given: words.slice(1) };
}

function demographicExtensions(form: PatientForm): Extension[] {
  const extensions: Extension[] = [];
  const ethnicity = form.ethnicityCode ? findEthnicity(form.ethnicityCode) : undefined;
  if (ethnicity) extensions.push(codedExtension(ETHNICITY_EXTENSION, VN_ETHNICITY_SYSTEM, ethnicity.code, ethnicity.display));
  const nationality = form.nationality ? findNationality(form.nationality) : undefined;
  if (nationality) extensions.push(codedExtension(NATIONALITY_EXTENSION, ISO_3166_SYSTEM, nationality.code, nationality.vi));
  const occupation = form.occupationCode ? findOccupation4069(form.occupationCode) : undefined;
  if (occupation) extensions.push(codedExtension(OCCUPATION_EXTENSION, VN_OCCUPATION_4069_SYSTEM, occupation.code, occupation.display));
  return extensions;
}

function cardPeriod(form: PatientForm): { start?: string; end?: string } {
  const from = parseTypedDate(form.insurance.validFrom);
  const to = parseTypedDate(form.insurance.validTo);
  return {
    ...(from?.kind === 'full' ? { start: from.date } : {}),
    ...(to?.kind === 'full' ? { end: to.date } : {}),
  };
}

/** The Patient for a form that validated without errors (it throws on one that did not). */
export function patientFromForm(form: PatientForm, today: string, facts: RegistrationFacts = {}): Patient {
  if (hasErrors(validatePatientForm(form, today))) throw new Error('The patient form has errors');
  const birth = parseTypedDate(form.birthDate)!;
  const identifier: NonNullable<Patient['identifier']> = [];
  const cccd = form.cccd.replace(/\s/g, '');
  if (cccd) identifier.push(vnIdentifier(CCCD_SYSTEM, cccd));
  const card = form.insurance.cardNumber.trim() ? parseInsuranceCard(form.insurance.cardNumber) : undefined;
  if (card?.ok) {
    identifier.push(vnIdentifier(BHYT_CARD_SYSTEM, card.card.value, { period: cardPeriod(form) }));
    identifier.push(vnIdentifier(SOCIAL_INSURANCE_NUMBER_SYSTEM, card.card.socialInsuranceNumber));
  }
  const patient: Patient = { resourceType: 'Patient' };
  const extensions = demographicExtensions(form);
  if (extensions.length) patient.extension = extensions;
  if (identifier.length) patient.identifier = identifier;
  patient.active = true;
  patient.name = [humanName(form.fullName)];
  const phone = normalizePhone(form.phone);
  if (phone) patient.telecom = [{ system: 'phone', value: phone, use: phone.startsWith('02') ? 'home' : 'mobile' }];
  patient.gender = form.sex as Exclude<FormSex, ''>;
  patient.birthDate = fhirDateOf(birth);
  patient.address = [vietnameseAddress({ communeCode: form.communeCode, detail: form.addressDetail.trim() || undefined })];
  if (needsGuardian(form, today) && form.guardian.name.trim()) {
    const relationship = findGuardianRelationship(form.guardian.relationship)!;
    const contact: PatientContact = {
      relationship: [{ coding: [{ system: V3_ROLE_CODE_SYSTEM, code: relationship.code, display: relationship.display }], text: relationship.vi }],
      name: humanName(form.guardian.name),
      telecom: [{ system: 'phone', value: normalizePhone(form.guardian.phone), use: 'mobile' }],
    };
    if (relationship.code === 'MTH') contact.gender = 'female';
    if (relationship.code === 'FTH') contact.gender = 'male';
    patient.contact = [contact];
  }
  if (facts.facilityId) patient.managingOrganization = { reference: `Organization/${facts.facilityId}` };
  return patient;
}

/** The payer of every BHYT card: Vietnam Social Security, named rather than referenced (it may not be on file). */
export const BHYT_PAYOR: Reference<Organization> = { display: 'Bảo hiểm xã hội Việt Nam' };

/** The Coverage for the form's BHYT card, or undefined when the patient has none. */
export function coverageFromForm(form: PatientForm, patientReference: Reference<Patient>, payor: Reference<Organization> = BHYT_PAYOR): Coverage | undefined {
  if (!form.insurance.cardNumber.trim()) return undefined;
  const parsed = parseInsuranceCard(form.insurance.cardNumber);
  if (!parsed.ok) throw new Error('The insurance card number is not valid');
  const facility = form.insurance.registeredFacilityCode.trim();
  return bhytCoverage({ beneficiary: patientReference, card: parsed.card, period: cardPeriod(form), registeredFacilityCode: facility || undefined, payor });
}

/** The card number as the desk stores it (upper case, no separators); '' when none was typed. */
export function formCardNumber(form: PatientForm): string {
  return form.insurance.cardNumber.trim() ? normalizeInsuranceCardNumber(form.insurance.cardNumber) : '';
}

/** Reads an untrusted JSON body (the server's side) into a PatientForm: unknown keys dropped, non-strings refused. */
export function readPatientForm(body: unknown): PatientForm | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const source = body as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (value === undefined || value === null ? '' : typeof value === 'string' && value.length <= 1000 ? value : undefined);
  const form = emptyPatientForm();
  for (const key of ['fullName', 'sex', 'birthDate', 'cccd', 'phone', 'ethnicityCode', 'occupationCode', 'nationality', 'provinceCode', 'communeCode', 'addressDetail'] as const) {
    const value = text(source[key]);
    if (value === undefined) return undefined;
    (form as unknown as Record<string, string>)[key] = value;
  }
  if (!['male', 'female', 'unknown', ''].includes(form.sex)) form.sex = '';
  for (const group of ['insurance', 'guardian'] as const) {
    const nested = source[group];
    if (nested === undefined || nested === null) continue;
    if (typeof nested !== 'object') return undefined;
    const target = form[group] as Record<string, string>;
    for (const key of Object.keys(target)) {
      const value = text((nested as Record<string, unknown>)[key]);
      if (value === undefined) return undefined;
      target[key] = value;
    }
  }
  return form;
}
