// Mã cơ sở khám, chữa bệnh (QĐ 384/QĐ-BYT): 5 digits = 2-digit province code + 3-digit sequence from 001;
// 97 = Ministry of Defence, 98 = Ministry of Public Security. Codes kept their prefix through the 2025
// province merger, so the prefix is the province at the time of issue, not necessarily today's.

export interface FacilityCode {
  value: string;
  provinceCode: string;
  sequence: number;
  authority: 'province' | 'defence' | 'police';
}

const AUTHORITY_BY_PREFIX: Record<string, FacilityCode['authority']> = { '97': 'defence', '98': 'police' };

export function parseFacilityCode(value: string): FacilityCode | undefined {
  if (!/^\d{5}$/.test(value)) return undefined;
  const sequence = Number(value.slice(2));
  if (sequence === 0) return undefined;
  const provinceCode = value.slice(0, 2);
  return { value, provinceCode, sequence, authority: AUTHORITY_BY_PREFIX[provinceCode] ?? 'province' };
}

export function formatFacilityCode(provinceCode: string, sequence: number): string {
  if (!/^\d{2}$/.test(provinceCode) || !Number.isInteger(sequence) || sequence < 1 || sequence > 999) {
    throw new Error(`No facility code for province ${provinceCode}, sequence ${sequence}`);
  }
  return provinceCode + String(sequence).padStart(3, '0');
}
