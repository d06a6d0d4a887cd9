import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  communesOf,
  findCommune,
  findLegacyProvince,
  findProvince,
  legacyProvinces,
  provinces,
} from '../../../../fhir/terminology/admin-units.ts';

test('there are 34 provinces since 1 July 2025, each with a unique 2-digit code', () => {
  assert.equal(provinces().length, 34);
  assert.equal(new Set(provinces().map((province) => province.code)).size, 34);
  assert.ok(provinces().every((province) => /^\d{2}$/.test(province.code)));
});

test('province codes follow the Statistics Office list (Bắc Ninh 24, An Giang 91), not older lists', () => {
  assert.equal(findProvince('24')?.name, 'Tỉnh Bắc Ninh');
  assert.equal(findProvince('91')?.name, 'Tỉnh An Giang');
  assert.equal(findProvince('79')?.shortName, 'Hồ Chí Minh');
  assert.equal(findProvince('27'), undefined);
  assert.equal(findProvince('89'), undefined);
});

test('there are 3,321 communes, each with a unique 5-digit code', () => {
  const all = provinces().flatMap((province) => communesOf(province.code));
  assert.equal(all.length, 3321);
  assert.equal(new Set(all.map((commune) => commune.code)).size, 3321);
  assert.ok(all.every((commune) => /^\d{5}$/.test(commune.code)));
});

test('a known ward resolves with its province: 00070 is Phường Hoàn Kiếm, Hà Nội', () => {
  assert.deepEqual(findCommune('00070'), { code: '00070', name: 'Phường Hoàn Kiếm', shortName: 'Hoàn Kiếm', kind: 'Phường', provinceCode: '01' });
  assert.equal(findCommune('01273')?.name, 'Phường Thục Phán');
  assert.equal(findCommune('01273')?.provinceCode, '04');
  assert.equal(findCommune('99999'), undefined);
});

test('names split over lines in the source are joined: Phường Văn Miếu - Quốc Tử Giám', () => {
  assert.equal(findCommune('00226')?.name, 'Phường Văn Miếu - Quốc Tử Giám');
});

test('communes are wards, rural communes or special zones', () => {
  const kinds = new Set(provinces().flatMap((province) => communesOf(province.code).map((commune) => commune.kind)));
  assert.deepEqual([...kinds].sort(), ['Phường', 'Xã', 'Đặc khu']);
});

test('communesOf lists a province\'s communes and is empty for an unknown province', () => {
  const hanoi = communesOf('01');
  assert.ok(hanoi.some((commune) => commune.code === '00070'));
  assert.ok(hanoi.every((commune) => commune.provinceCode === '01'));
  assert.deepEqual(communesOf('00'), []);
});

test('the 63 earlier provinces are kept, with the 2025 province each merged into', () => {
  assert.equal(legacyProvinces().length, 63);
  assert.deepEqual(findLegacyProvince('02'), { code: '02', name: 'Tỉnh Hà Giang', mergedInto: '08' });
  assert.ok(legacyProvinces().every((legacy) => findProvince(legacy.mergedInto)));
});
