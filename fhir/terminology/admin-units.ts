// Provinces and communes in force since 1 July 2025 (34 provinces, no district level), plus the 63 earlier
// provinces whose codes still prefix CCCD numbers, insurance cards and facility codes.
import data from './admin-units-2025.json' with { type: 'json' };

export interface Province {
  /** 2-digit Statistics Office code. */
  code: string;
  /** Official name, e.g. "Tỉnh Cao Bằng", "Thành phố Hà Nội". */
  name: string;
  /** Name without "Tỉnh"/"Thành phố", e.g. "Cao Bằng", "Hà Nội". */
  shortName: string;
}

export type CommuneKind = 'Xã' | 'Phường' | 'Đặc khu';

export interface Commune {
  /** 5-digit Statistics Office code. */
  code: string;
  /** Official name, e.g. "Phường Hoàn Kiếm". */
  name: string;
  /** Name without the kind, e.g. "Hoàn Kiếm". */
  shortName: string;
  kind: CommuneKind;
  provinceCode: string;
}

export interface LegacyProvince {
  code: string;
  name: string;
  /** Code of the 2025 province it became part of. */
  mergedInto: string;
}

export const ADMIN_UNITS_SOURCE: string = data.source;
export const ADMIN_UNITS_EFFECTIVE_FROM: string = data.effectiveFrom;

const COMMUNE_KINDS: readonly CommuneKind[] = ['Xã', 'Phường', 'Đặc khu'];

function toCommune(code: string, name: string, provinceCode: string): Commune {
  const kind = COMMUNE_KINDS.find((candidate) => name.startsWith(candidate + ' '));
  if (!kind) throw new Error(`Commune ${code} "${name}" has no known kind`);
  return { code, name, shortName: name.slice(kind.length + 1), kind, provinceCode };
}

const provinceList: readonly Province[] = data.provinces;
const provinceByCode = new Map(provinceList.map((province) => [province.code, province]));
const communesByProvince = new Map<string, readonly Commune[]>(
  Object.entries(data.communes as Record<string, string[][]>).map(([provinceCode, rows]) => [
    provinceCode,
    rows.map(([code, name]) => toCommune(code, name, provinceCode)),
  ]),
);
const communeByCode = new Map([...communesByProvince.values()].flat().map((commune) => [commune.code, commune]));
const legacyProvinceByCode = new Map<string, LegacyProvince>(data.legacyProvinces.map((province) => [province.code, province]));

/** The 34 provinces, in the order of the official list. */
export function provinces(): readonly Province[] {
  return provinceList;
}

export function findProvince(code: string): Province | undefined {
  return provinceByCode.get(code);
}

/** Communes of a province in the order of the official list; empty for an unknown code. */
export function communesOf(provinceCode: string): readonly Commune[] {
  return communesByProvince.get(provinceCode) ?? [];
}

export function findCommune(code: string): Commune | undefined {
  return communeByCode.get(code);
}

/** A province as it was before 1 July 2025, by its 2-digit code. */
export function findLegacyProvince(code: string): LegacyProvince | undefined {
  return legacyProvinceByCode.get(code);
}

export function legacyProvinces(): readonly LegacyProvince[] {
  return data.legacyProvinces;
}
