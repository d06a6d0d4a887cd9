// BHYT card number, 15 characters (QĐ 1351/QĐ-BHXH; card model of 01/04/2021):
// 2 letters object group (mã đối tượng) + benefit level 1–5 (mức hưởng) + 2-digit issuing province
// + 10-digit social-insurance number (mã số BHXH, which is also the mã định danh y tế).
import type { Rng } from '../synthetic/random.ts';
import { findLegacyProvince } from '../terminology/admin-units.ts';

export type BenefitLevel = 1 | 2 | 3 | 4 | 5;

export interface InsuranceCard {
  /** Normalised: upper case, no separators. */
  value: string;
  groupCode: string;
  benefitLevel: BenefitLevel;
  issuingProvinceCode: string;
  socialInsuranceNumber: string;
}

/** Which part of the number is malformed; the BHXH lookup rejects the same parts (errors 051–053). */
export type InsuranceCardProblem = 'length' | 'group-code' | 'benefit-level' | 'issuing-province-code' | 'social-insurance-number';

/**
 * The issuing-province code is not one Sen knows. Not a rejection: the official list of BHXH issuing
 * codes was not available, and Sen only knows the 63 pre-2025 provinces plus 97/98 (defence, police).
 */
export type InsuranceCardWarning = 'unknown-issuing-province';

export type InsuranceCardParseResult =
  | { ok: true; card: InsuranceCard; warnings: InsuranceCardWarning[] }
  | { ok: false; problems: InsuranceCardProblem[] };

const CARD_LENGTH = 15;
const DEFENCE_AND_POLICE_CODES = new Set(['97', '98']);

/** Cards are read off plastic or paper, often typed with spaces or dashes between the groups. */
export function normalizeInsuranceCardNumber(input: string): string {
  return input.replace(/[\s.\-]/g, '').toUpperCase();
}

export function parseInsuranceCard(input: string): InsuranceCardParseResult {
  const value = normalizeInsuranceCardNumber(input);
  if (value.length !== CARD_LENGTH) return { ok: false, problems: ['length'] };
  const groupCode = value.slice(0, 2);
  const benefitDigit = value[2];
  const issuingProvinceCode = value.slice(3, 5);
  const socialInsuranceNumber = value.slice(5);
  const problems: InsuranceCardProblem[] = [];
  if (!/^[A-Z]{2}$/.test(groupCode)) problems.push('group-code');
  if (!/^[1-5]$/.test(benefitDigit)) problems.push('benefit-level');
  if (!/^\d{2}$/.test(issuingProvinceCode)) problems.push('issuing-province-code');
  if (!/^\d{10}$/.test(socialInsuranceNumber)) problems.push('social-insurance-number');
  if (problems.length > 0) return { ok: false, problems };
  const known = findLegacyProvince(issuingProvinceCode) !== undefined || DEFENCE_AND_POLICE_CODES.has(issuingProvinceCode);
  return {
    ok: true,
    card: { value, groupCode, benefitLevel: Number(benefitDigit) as BenefitLevel, issuingProvinceCode, socialInsuranceNumber },
    warnings: known ? [] : ['unknown-issuing-province'],
  };
}

export function isValidInsuranceCard(input: string): boolean {
  return parseInsuranceCard(input).ok;
}

export interface InsuranceCardFacts {
  groupCode: string;
  benefitLevel: BenefitLevel;
  issuingProvinceCode: string;
  /** 0–99,999,999 for the last 8 digits of the social-insurance number; random when absent. */
  serial?: number;
}

/**
 * A card whose social-insurance number starts with the issuing province code, as numbers issued by
 * provincial BHXH offices commonly do (an observation, not a rule Sen validates).
 */
export function generateInsuranceCard(rng: Rng, { groupCode, benefitLevel, issuingProvinceCode, serial }: InsuranceCardFacts): InsuranceCard {
  const serialDigits = String((serial ?? rng.int(0, 99_999_999)) % 100_000_000).padStart(8, '0');
  const socialInsuranceNumber = issuingProvinceCode + serialDigits;
  const value = `${groupCode}${benefitLevel}${issuingProvinceCode}${socialInsuranceNumber}`;
  const parsed = parseInsuranceCard(value);
  if (!parsed.ok) throw new Error(`Cannot build a card from ${JSON.stringify({ groupCode, benefitLevel, issuingProvinceCode })}`);
  return parsed.card;
}
