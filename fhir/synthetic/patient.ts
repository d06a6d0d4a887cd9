// One synthetic patient: Vietnamese name, CCCD consistent with sex and birth year, BHYT card for most,
// mobile number, address in the facility's province, ethnicity, occupation and nationality extensions.
import type { HumanName, Organization, Patient, PatientContact, Period, Reference } from '@medplum/fhirtypes';
import { generateCccd } from '../identifiers/cccd.ts';
import { vnIdentifier } from '../identifiers/identifier.ts';
import { generateInsuranceCard, type InsuranceCard } from '../identifiers/insurance-card.ts';
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM, PATIENT_INTERNAL_ID_SYSTEM, SOCIAL_INSURANCE_NUMBER_SYSTEM } from '../identifiers/systems.ts';
import { vietnameseAddress } from '../terminology/address.ts';
import { communesOf, legacyProvinces } from '../terminology/admin-units.ts';
import { ISO_3166_SYSTEM, V3_ROLE_CODE_SYSTEM, VN_ETHNICITY_SYSTEM, VN_OCCUPATION_4069_SYSTEM } from '../terminology/code-systems.ts';
import { findEthnicity } from '../terminology/ethnicity.ts';
import { codedExtension, ETHNICITY_EXTENSION, NATIONALITY_EXTENSION, OCCUPATION_EXTENSION } from '../terminology/extensions.ts';
import { findOccupation4069 } from '../terminology/occupation-4069.ts';
import { generateAddressDetail } from './address-detail.ts';
import { pickEthnicityCode, pickInsuranceGroup, pickOccupationCode, pickPatientAge } from './demographics.ts';
import type { Facility } from './facilities.ts';
import { generateVietnameseName, type NameSex } from './names.ts';
import { mobileContact } from './phone.ts';
import type { Rng } from './random.ts';
import { referenceTo } from './references.ts';
import { regionOf, type Region } from './regions.ts';
import { DAY_MS, vnDate, vnYear, YEAR_MS } from '../vietnam-time.ts';

/** What later steps (coverage, visits, vitals) need to know about the person. */
export interface PatientFacts {
  sex: NameSex;
  birthMs: number;
  region: Region;
  insurance?: { card: InsuranceCard; period: Period };
}

export interface GeneratedPatient {
  patient: Patient;
  facts: PatientFacts;
}

export interface PatientOptions {
  sequence: number;
  asOfMs: number;
}

/** Share of patients living in the facility's own commune; the rest live elsewhere in the province. */
const LOCAL_RESIDENT_SHARE = 0.75;
/** Share of people whose birth was registered in (a predecessor of) the province they live in. */
const BORN_LOCALLY_SHARE = 0.88;
const CHILD_CONTACT_BELOW_AGE = 16;

/**
 * Invertible scrambles of the patient's sequence number: distinct patients get distinct CCCD serials and
 * social-insurance numbers, without those numbers looking sequential.
 */
function scrambled(sequence: number, multiplier: number, offset: number, modulus: number): number {
  return (sequence * multiplier + offset) % modulus;
}

const birthPlaceCodesByProvince = new Map<string, string[]>();

/** CCCD place codes are "0" + a pre-2025 province code; a 2025 province covers one or more of them. */
function localBirthPlaceCodes(provinceCode: string): string[] {
  let codes = birthPlaceCodesByProvince.get(provinceCode);
  if (!codes) {
    codes = legacyProvinces().filter((legacy) => legacy.mergedInto === provinceCode).map((legacy) => `0${legacy.code}`);
    birthPlaceCodesByProvince.set(provinceCode, codes);
  }
  return codes;
}

function birthPlaceCode(rng: Rng, provinceCode: string): string {
  return rng.chance(BORN_LOCALLY_SHARE) ? rng.pick(localBirthPlaceCodes(provinceCode)) : `0${rng.pick(legacyProvinces()).code}`;
}

function demographicExtensions(ethnicityCode: string, occupationCode: string): Patient['extension'] {
  const ethnicity = findEthnicity(ethnicityCode);
  const occupation = findOccupation4069(occupationCode);
  if (!ethnicity || !occupation) throw new Error(`Unknown ethnicity ${ethnicityCode} or occupation ${occupationCode}`);
  return [
    codedExtension(ETHNICITY_EXTENSION, VN_ETHNICITY_SYSTEM, ethnicity.code, ethnicity.display),
    codedExtension(NATIONALITY_EXTENSION, ISO_3166_SYSTEM, 'VN', 'Việt Nam'),
    codedExtension(OCCUPATION_EXTENSION, VN_OCCUPATION_4069_SYSTEM, occupation.code, occupation.display),
  ];
}

/** Cards are renewed yearly; the generator shows one continuous validity up to the end of the current year. */
function cardPeriod(birthMs: number, asOfMs: number, groupCode: string): Period {
  const asOfYear = vnYear(asOfMs);
  const start = Math.max(birthMs, Date.UTC(asOfYear - 3, 0, 1));
  let end = Date.UTC(asOfYear, 11, 31);
  // Children's free cards run until the day before they turn six (72 months).
  if (groupCode === 'TE') end = Math.min(end, birthMs + 6 * YEAR_MS - DAY_MS);
  return { start: vnDate(start), end: vnDate(end) };
}

function parentContact(rng: Rng, child: HumanName, childBirthMs: number, region: Region): PatientContact {
  const isMother = rng.chance(0.65);
  const parentBirthYear = vnYear(childBirthMs) - rng.int(21, 38);
  const name = generateVietnameseName(rng, {
    sex: isMother ? 'female' : 'male',
    birthYear: parentBirthYear,
    region,
    familyName: isMother ? undefined : child.family,
  });
  return {
    relationship: [{ coding: [{ system: V3_ROLE_CODE_SYSTEM, code: isMother ? 'MTH' : 'FTH', display: isMother ? 'mother' : 'father' }], text: isMother ? 'Mẹ' : 'Bố' }],
    name,
    telecom: [mobileContact(rng)],
    gender: isMother ? 'female' : 'male',
  };
}

export function generatePatient(rng: Rng, facility: Facility, { sequence, asOfMs }: PatientOptions): GeneratedPatient {
  const provinceCode = facility.commune.provinceCode;
  const region = regionOf(provinceCode);
  const sex: NameSex = rng.chance(0.52) ? 'female' : 'male';
  const ageYears = pickPatientAge(rng);
  const birthMs = asOfMs - Math.round(ageYears * YEAR_MS);
  const birthYear = vnYear(birthMs);
  const name = generateVietnameseName(rng, { sex, birthYear, region });
  const occupationCode = pickOccupationCode(rng, ageYears);
  const facilityReference: Reference<Organization> = referenceTo(facility.organization);

  const cccd = generateCccd(rng, { birthPlaceCode: birthPlaceCode(rng, provinceCode), sex, birthYear, serial: scrambled(sequence, 479_001, 123_457, 1_000_000) });
  const identifier = [
    vnIdentifier(CCCD_SYSTEM, cccd),
    vnIdentifier(PATIENT_INTERNAL_ID_SYSTEM, String(sequence + 1).padStart(8, '0'), { assigner: facilityReference }),
  ];
  const facts: PatientFacts = { sex, birthMs, region };
  const group = pickInsuranceGroup(rng, ageYears, occupationCode);
  if (group) {
    const card = generateInsuranceCard(rng, { ...group, issuingProvinceCode: provinceCode, serial: scrambled(sequence, 7_654_321, 1_234_567, 100_000_000) });
    const period = cardPeriod(birthMs, asOfMs, group.groupCode);
    identifier.push(vnIdentifier(BHYT_CARD_SYSTEM, card.value, { period }), vnIdentifier(SOCIAL_INSURANCE_NUMBER_SYSTEM, card.socialInsuranceNumber));
    facts.insurance = { card, period };
  }

  const communes = communesOf(provinceCode);
  const homeCommune = rng.chance(LOCAL_RESIDENT_SHARE) ? facility.commune : rng.pick(communes);
  const patient: Patient = {
    resourceType: 'Patient',
    id: rng.uuid(),
    extension: demographicExtensions(pickEthnicityCode(rng), occupationCode),
    identifier,
    active: true,
    name: [name],
    gender: sex,
    birthDate: vnDate(birthMs),
    address: [vietnameseAddress({ communeCode: homeCommune.code, detail: generateAddressDetail(rng, homeCommune) })],
    managingOrganization: facilityReference,
  };
  if (ageYears >= CHILD_CONTACT_BELOW_AGE) {
    if (rng.chance(0.95)) patient.telecom = [mobileContact(rng)];
  } else {
    // TT 26/2025 asks prescriptions for young children to name the person who brought them.
    patient.contact = [parentContact(rng, name, birthMs, region)];
  }
  return { patient, facts };
}
