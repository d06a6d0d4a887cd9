// What the desk shows to tell patients apart: name, sex, age, date of birth, commune, masked identifiers.
import type { Identifier, Patient } from '@medplum/fhirtypes';
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM, SOCIAL_INSURANCE_NUMBER_SYSTEM } from '../identifiers/systems.ts';
import { addressUnitCodes } from '../terminology/address.ts';
import { ageOn, type Age } from './dates.ts';

export interface PatientSummary {
  id: string;
  name: string;
  gender?: Patient['gender'];
  birthDate?: string;
  age?: Age;
  commune?: string;
  communeCode?: string;
  province?: string;
  addressText?: string;
  cccd?: string;
  bhyt?: { card: string; start?: string; end?: string };
  socialInsuranceNumber?: string;
  phone?: string;
  guardian?: string;
}

const identifierOf = (patient: Patient, system: string): Identifier | undefined =>
  patient.identifier?.find((identifier) => identifier.system === system && identifier.value);

export function displayName(patient: Pick<Patient, 'name'>): string {
  const name = patient.name?.find((candidate) => candidate.use === 'official') ?? patient.name?.[0];
  if (!name) return '';
  return name.text ?? [name.family, ...(name.given ?? [])].filter(Boolean).join(' ');
}

export function summarizePatient(patient: Patient, today: string): PatientSummary {
  const address = patient.address?.find((candidate) => candidate.use === 'home') ?? patient.address?.[0];
  const summary: PatientSummary = { id: patient.id ?? '', name: displayName(patient) };
  if (patient.gender) summary.gender = patient.gender;
  if (patient.birthDate) {
    summary.birthDate = patient.birthDate;
    summary.age = ageOn(patient.birthDate, today);
  }
  if (address) {
    if (address.city) summary.commune = address.city;
    if (address.state) summary.province = address.state;
    const { communeCode } = addressUnitCodes(address);
    if (communeCode) summary.communeCode = communeCode;
    if (address.text) summary.addressText = address.text;
  }
  const cccd = identifierOf(patient, CCCD_SYSTEM);
  if (cccd?.value) summary.cccd = cccd.value;
  const card = identifierOf(patient, BHYT_CARD_SYSTEM);
  if (card?.value) summary.bhyt = { card: card.value, ...(card.period?.start ? { start: card.period.start } : {}), ...(card.period?.end ? { end: card.period.end } : {}) };
  const bhxh = identifierOf(patient, SOCIAL_INSURANCE_NUMBER_SYSTEM);
  if (bhxh?.value) summary.socialInsuranceNumber = bhxh.value;
  const phone = patient.telecom?.find((telecom) => telecom.system === 'phone' && telecom.value);
  if (phone?.value) summary.phone = phone.value;
  const guardian = patient.contact?.[0];
  if (guardian?.name) summary.guardian = displayName({ name: [guardian.name] });
  return summary;
}

/** "001085012345" → "001•••••2345": enough to tell two people apart, not enough to copy. */
export function maskIdentifier(value: string, keepStart = 3, keepEnd = 4): string {
  if (value.length <= keepStart + keepEnd) return value;
  return value.slice(0, keepStart) + '•'.repeat(value.length - keepStart - keepEnd) + value.slice(-keepEnd);
}

/** "0912345678" → "091•••5678". */
export function maskPhone(value: string): string {
  return maskIdentifier(value, 3, 4);
}

/** True when the card's period covers `today` (YYYY-MM-DD); a card without an end date counts as valid. */
export function cardValidOn(card: { start?: string; end?: string }, today: string): boolean {
  if (card.start && card.start > today) return false;
  if (card.end && card.end < today) return false;
  return true;
}

/** "Nguyễn Văn An" → "Nguyễn V. An": what a waiting-room screen shows. */
export function shortDisplayName(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length <= 2) return words.join(' ');
  return [words[0], ...words.slice(1, -1).map((word) => `${word.charAt(0)}.`), words[words.length - 1]].join(' ');
}
