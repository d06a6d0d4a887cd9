// The part of an address below the commune: house and street in wards (phường), hamlet in communes (xã).
import type { Rng } from './random.ts';
import type { Commune } from '../terminology/admin-units.ts';
import { isNorthernMountainProvince, regionOf } from './regions.ts';

const STREETS = [
  'Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Trãi', 'Hai Bà Trưng', 'Quang Trung', 'Lý Thường Kiệt', 'Nguyễn Huệ', 'Hùng Vương',
  'Lê Duẩn', 'Trần Phú', 'Phan Chu Trinh', 'Điện Biên Phủ', 'Nguyễn Văn Cừ', 'Võ Thị Sáu', 'Ngô Quyền', 'Lê Thánh Tông',
];
const HAMLET_NAMES = ['Đông', 'Tây', 'Nam', 'Bắc', 'Thượng', 'Hạ', 'Trung', 'An Phú', 'Tân Lập', 'Phú Hòa', 'Hòa Bình', 'Thắng Lợi', 'Đồng Tâm', 'Tân Tiến', 'Phú Lợi', 'Bình An'];

function hamletWord(commune: Commune): string {
  if (isNorthernMountainProvince(commune.provinceCode)) return 'Bản';
  return regionOf(commune.provinceCode) === 'south' ? 'Ấp' : 'Thôn';
}

export function generateAddressDetail(rng: Rng, commune: Commune): string {
  if (commune.kind === 'Phường') {
    if (rng.chance(0.6)) return `Số ${rng.int(1, 250)} đường ${rng.pick(STREETS)}`;
    return `${regionOf(commune.provinceCode) === 'south' ? 'Khu phố' : 'Tổ dân phố'} ${rng.int(1, 20)}`;
  }
  const hamlet = hamletWord(commune);
  return rng.chance(0.5) ? `${hamlet} ${rng.int(1, 12)}` : `${hamlet} ${rng.pick(HAMLET_NAMES)}`;
}
