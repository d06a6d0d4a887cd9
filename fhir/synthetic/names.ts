// Vietnamese personal names: family name + middle name(s) + given name, written in that order.
// Family-name shares follow commonly cited surveys (Nguyễn ≈ 38%, Trần ≈ 11%, Lê ≈ 9.5% …); middle and
// given names are ordered by how common they are, and differ by sex and generation.
import type { HumanName } from '@medplum/fhirtypes';
import { WeightedTable, type Rng } from './random.ts';
import type { Region } from './regions.ts';

export type NameSex = 'male' | 'female';

/** Hoàng/Huỳnh and Vũ/Võ are one name each, pronounced and written differently in the south. */
const HOANG = 'Hoàng|Huỳnh';
const VU = 'Vũ|Võ';

const FAMILY_NAME_SHARES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38.4], ['Trần', 11.2], ['Lê', 9.5], ['Phạm', 7.0], [HOANG, 5.1], ['Phan', 4.5], [VU, 3.9],
  ['Đặng', 2.1], ['Bùi', 2.0], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1.0], ['Lý', 0.5],
  ['Đinh', 0.6], ['Đào', 0.5], ['Trương', 0.5], ['Lâm', 0.4], ['Mai', 0.4], ['Trịnh', 0.4], ['Đoàn', 0.4],
  ['Cao', 0.3], ['Lương', 0.3], ['Hà', 0.3], ['Tạ', 0.2], ['Tô', 0.2], ['Lưu', 0.2], ['Chu', 0.2],
  ['Kiều', 0.1], ['Châu', 0.1], ['Quách', 0.1], ['Phùng', 0.1], ['Thái', 0.1], ['Triệu', 0.1],
];

/** Share of the southern spelling (Huỳnh, Võ) by region. */
const SOUTHERN_SPELLING_SHARE: Record<Region, number> = { north: 0.05, central: 0.6, south: 0.9 };

/** People born before this year mostly carry the traditional Văn/Thị middle names and older given names. */
const MODERN_NAMES_FROM = 1985;

const MIDDLE_NAMES = {
  male: {
    traditional: ['Văn', 'Văn', 'Văn', 'Văn', 'Đức', 'Hữu', 'Công', 'Quang', 'Minh', 'Xuân', 'Đình', 'Ngọc', 'Thanh', 'Mạnh', 'Trọng', 'Duy'],
    modern: ['Văn', 'Minh', 'Đức', 'Quang', 'Gia', 'Bảo', 'Anh', 'Hoàng', 'Tuấn', 'Thành', 'Hữu', 'Trung', 'Đăng', 'Nhật', 'Văn', 'Duy'],
  },
  female: {
    traditional: ['Thị', 'Thị', 'Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Hồng', 'Bích', 'Minh', 'Xuân'],
    modern: ['Thị', 'Thị', 'Ngọc', 'Thu', 'Minh', 'Phương', 'Bảo', 'Khánh', 'Thảo', 'Hà', 'Mai', 'Thùy', 'Quỳnh', 'Gia', 'Hoài', 'Thanh'],
  },
} as const;

const GIVEN_NAMES = {
  male: {
    traditional: ['Hùng', 'Dũng', 'Cường', 'Thắng', 'Hải', 'Sơn', 'Tuấn', 'Minh', 'Long', 'Nam', 'Bình', 'Hòa', 'Tâm', 'Thành', 'Trung', 'Hưng', 'Quang', 'Tùng', 'Đức', 'Phong', 'Lâm', 'Hiếu', 'Vinh', 'Toàn', 'Hoàng', 'Lợi', 'Phúc', 'Tài', 'Khánh', 'Chiến'],
    modern: ['Anh', 'Minh', 'Huy', 'Khang', 'Bảo', 'Phúc', 'Nam', 'Khoa', 'Đạt', 'Quân', 'Long', 'Duy', 'Khôi', 'An', 'Hưng', 'Kiên', 'Lâm', 'Nhật', 'Phát', 'Thịnh', 'Tuấn', 'Vinh', 'Hiếu', 'Hoàng', 'Đăng', 'Tiến'],
  },
  female: {
    traditional: ['Lan', 'Hương', 'Hoa', 'Mai', 'Hà', 'Hằng', 'Hạnh', 'Thủy', 'Loan', 'Dung', 'Hồng', 'Tuyết', 'Nga', 'Oanh', 'Liên', 'Nhung', 'Phương', 'Yến', 'Huệ', 'Thảo', 'Vân', 'Lệ', 'Hiền', 'Xuân', 'Cúc', 'Nguyệt'],
    modern: ['Linh', 'Trang', 'Anh', 'Ngọc', 'Vy', 'Nhi', 'Chi', 'Ngân', 'My', 'Huyền', 'Thảo', 'Hân', 'Trâm', 'Uyên', 'Quỳnh', 'Giang', 'Hà', 'Phương', 'Yến', 'Như', 'Thư', 'Tâm', 'An', 'Diệp', 'Khánh', 'Mai'],
  },
} as const;

/** Lists are ordered by frequency; a Zipf-like weight turns that order into shares. */
function byRank(names: readonly string[]): WeightedTable<string> {
  return new WeightedTable(names.map((name, rank) => [name, 1 / (rank + 2)] as const));
}

const familyNames = new WeightedTable(FAMILY_NAME_SHARES);
const middleNames = {
  male: { traditional: byRank(MIDDLE_NAMES.male.traditional), modern: byRank(MIDDLE_NAMES.male.modern) },
  female: { traditional: byRank(MIDDLE_NAMES.female.traditional), modern: byRank(MIDDLE_NAMES.female.modern) },
};
const givenNames = {
  male: { traditional: byRank(GIVEN_NAMES.male.traditional), modern: byRank(GIVEN_NAMES.male.modern) },
  female: { traditional: byRank(GIVEN_NAMES.female.traditional), modern: byRank(GIVEN_NAMES.female.modern) },
};

export function pickFamilyName(rng: Rng, region: Region): string {
  const name = familyNames.pick(rng);
  const variants = name.split('|');
  if (variants.length === 1) return name;
  return rng.chance(SOUTHERN_SPELLING_SHARE[region]) ? variants[1] : variants[0];
}

export interface PersonNameFacts {
  sex: NameSex;
  birthYear: number;
  region: Region;
  /** Children usually carry their father's family name. */
  familyName?: string;
}

export function generateVietnameseName(rng: Rng, { sex, birthYear, region, familyName }: PersonNameFacts): HumanName {
  const generation = birthYear < MODERN_NAMES_FROM ? 'traditional' : 'modern';
  const family = familyName ?? pickFamilyName(rng, region);
  const middle = middleNames[sex][generation].pick(rng);
  let given = givenNames[sex][generation].pick(rng);
  if (given === middle) given = givenNames[sex][generation].pick(rng);
  return { use: 'official', text: `${family} ${middle} ${given}`, family, given: [middle, given] };
}
