import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { messageTables, translate } from '../../web/src/i18n.tsx';
import '../../web/src/pages/examination-messages.ts';
import '../../web/src/pages/appointment-messages.ts';

describe('The web app in two languages', () => {
  test('every string exists in Vietnamese and English, with the same placeholders', () => {
    const { vi, en } = messageTables();
    assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      assert.ok(vi[key].trim() && en[key].trim(), key);
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      assert.deepEqual(placeholders(en[key]), placeholders(vi[key]), key);
    }
    assert.equal(translate('en', 'rx.sign'), 'Sign', "a lazily loaded screen's strings are in the tables once its chunk is");
    assert.equal(translate('en', 'appt.checkIn'), 'Check in');
    assert.equal(translate('vi', 'search.count', { n: 3 }), 'Tìm thấy 3 người bệnh. Dùng mũi tên lên/xuống và Enter để chọn.');
  });
});
