// Broad regions of Vietnam by 2025 province code: family-name variants and hamlet words differ by region.

export type Region = 'north' | 'central' | 'south';

/** Hà Nội … Ninh Bình are northern; Thanh Hóa … Lâm Đồng central (incl. the Highlands); Đồng Nai onwards southern. */
export function regionOf(provinceCode: string): Region {
  const code = Number(provinceCode);
  if (code <= 37) return 'north';
  if (code <= 68) return 'central';
  return 'south';
}

/** Northern mountain provinces where villages are "bản". */
const MOUNTAIN_PROVINCES = new Set(['04', '08', '11', '12', '14', '15', '20']);

export function isNorthernMountainProvince(provinceCode: string): boolean {
  return MOUNTAIN_PROVINCES.has(provinceCode);
}
