import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressUnitCodes, vietnameseAddress } from '../../../../fhir/terminology/address.ts';
import { ADMINISTRATIVE_ADDRESS_EXTENSION } from '../../../../fhir/terminology/extensions.ts';

test('an address reads as Vietnamese writes it: detail, commune, province', () => {
  const address = vietnameseAddress({ communeCode: '00070', detail: 'Số 1 Tràng Tiền' });
  assert.equal(address.text, 'Số 1 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội');
  assert.deepEqual(address.line, ['Số 1 Tràng Tiền']);
  assert.equal(address.city, 'Phường Hoàn Kiếm');
  assert.equal(address.state, 'Thành phố Hà Nội');
  assert.equal(address.district, undefined);
  assert.equal(address.country, 'VN');
});

test('the province and commune codes travel in the VN Core administrative-address extension', () => {
  const address = vietnameseAddress({ communeCode: '01273' });
  assert.equal(address.extension?.[0].url, ADMINISTRATIVE_ADDRESS_EXTENSION);
  assert.deepEqual(addressUnitCodes(address), { provinceCode: '04', communeCode: '01273' });
  assert.equal(address.line, undefined);
  assert.equal(address.text, 'Phường Thục Phán, Tỉnh Cao Bằng');
});

test('an unknown commune code is refused rather than producing an address without codes', () => {
  assert.throws(() => vietnameseAddress({ communeCode: '99999' }), /Unknown commune/);
});
