// Short code lists the registration desk offers, with Vietnamese and English labels.
import type { Language } from './messages.ts';

interface Labelled {
  code: string;
  vi: string;
  en: string;
}

/**
 * Nationalities (ISO 3166-1 alpha-2, which the VN Core IG binds nationality to): Vietnam and the countries whose
 * citizens Vietnamese clinics see most (neighbours, large foreign communities). Not the full ISO list: a facility
 * that needs another country adds it here.
 */
export const NATIONALITIES: readonly Labelled[] = [
  { code: 'VN', vi: 'Việt Nam', en: 'Viet Nam' },
  { code: 'LA', vi: 'Lào', en: 'Laos' },
  { code: 'KH', vi: 'Campuchia', en: 'Cambodia' },
  { code: 'CN', vi: 'Trung Quốc', en: 'China' },
  { code: 'TW', vi: 'Đài Loan', en: 'Taiwan' },
  { code: 'KR', vi: 'Hàn Quốc', en: 'Korea, Republic of' },
  { code: 'JP', vi: 'Nhật Bản', en: 'Japan' },
  { code: 'TH', vi: 'Thái Lan', en: 'Thailand' },
  { code: 'MY', vi: 'Malaysia', en: 'Malaysia' },
  { code: 'SG', vi: 'Singapore', en: 'Singapore' },
  { code: 'PH', vi: 'Philippines', en: 'Philippines' },
  { code: 'ID', vi: 'Indonesia', en: 'Indonesia' },
  { code: 'IN', vi: 'Ấn Độ', en: 'India' },
  { code: 'RU', vi: 'Liên bang Nga', en: 'Russian Federation' },
  { code: 'US', vi: 'Hoa Kỳ', en: 'United States' },
  { code: 'AU', vi: 'Úc', en: 'Australia' },
  { code: 'FR', vi: 'Pháp', en: 'France' },
  { code: 'DE', vi: 'Đức', en: 'Germany' },
  { code: 'GB', vi: 'Vương quốc Anh', en: 'United Kingdom' },
  { code: 'CA', vi: 'Canada', en: 'Canada' },
];

export function findNationality(code: string): Labelled | undefined {
  return NATIONALITIES.find((nationality) => nationality.code === code);
}

/** Who a child's guardian is (v3 RoleCode), as the desk asks it. */
export const GUARDIAN_RELATIONSHIPS: readonly (Labelled & { display: string })[] = [
  { code: 'MTH', display: 'mother', vi: 'Mẹ', en: 'Mother' },
  { code: 'FTH', display: 'father', vi: 'Bố', en: 'Father' },
  { code: 'GRPRN', display: 'grandparent', vi: 'Ông/Bà', en: 'Grandparent' },
  { code: 'SIB', display: 'sibling', vi: 'Anh/Chị', en: 'Sibling' },
  { code: 'GUARD', display: 'guardian', vi: 'Người giám hộ', en: 'Legal guardian' },
  { code: 'FAMMEMB', display: 'family member', vi: 'Người thân khác', en: 'Other relative' },
];

export function findGuardianRelationship(code: string) {
  return GUARDIAN_RELATIONSHIPS.find((relationship) => relationship.code === code);
}

/**
 * Who is seen first (Luật Khám bệnh, chữa bệnh 2023: emergencies, children under 6, people aged 75 and over, people
 * with severe disabilities and others the law names). Lower rank is called earlier.
 */
export const VISIT_PRIORITIES = [
  { code: 'emergency', rank: 0, vi: 'Cấp cứu', en: 'Emergency' },
  { code: 'child-under-6', rank: 1, vi: 'Trẻ dưới 6 tuổi', en: 'Child under 6' },
  { code: 'elderly', rank: 1, vi: 'Người cao tuổi', en: 'Elderly' },
  { code: 'disabled', rank: 1, vi: 'Người khuyết tật', en: 'Disabled' },
  { code: 'none', rank: 2, vi: 'Thường', en: 'Regular' },
] as const;

export type VisitPriority = (typeof VISIT_PRIORITIES)[number]['code'];

export function isVisitPriority(code: string): code is VisitPriority {
  return VISIT_PRIORITIES.some((priority) => priority.code === code);
}

export function priorityRank(code: VisitPriority): number {
  return VISIT_PRIORITIES.find((priority) => priority.code === code)!.rank;
}

/** Age from which the desk suggests the elderly priority (Luật KCB 2023 names people aged 75 and over). */
export const ELDERLY_PRIORITY_AGE = 75;

export function label(item: { vi: string; en: string }, language: Language): string {
  return item[language];
}
