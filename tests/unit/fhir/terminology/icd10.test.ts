import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findIcd10, primaryCareIcd10 } from '../../../../fhir/terminology/icd10.ts';

test('common primary-care diagnoses carry their Vietnamese names from QĐ 4469', () => {
  assert.equal(findIcd10('I10')?.display, 'Bệnh lý tăng huyết áp');
  assert.equal(findIcd10('J06.9')?.display, 'Nhiễm trùng đường hô hấp trên cấp, không phân loại');
  assert.equal(findIcd10('B08.4')?.display, 'Viêm họng có phỏng nước do virus đường ruột với phát ban');
});

test('codes are written with their dot and without dagger or asterisk marks', () => {
  assert.ok(primaryCareIcd10().every((entry) => /^[A-Z]\d{2}(\.\d{1,2})?$/.test(entry.code)));
  assert.equal(findIcd10('A91'), undefined);
});
