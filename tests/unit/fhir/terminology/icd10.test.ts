import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findIcd10, searchIcd10 } from '../../../../fhir/terminology/icd10.ts';
import { foldVietnamese } from '../../../../fhir/text/fold.ts';

const codes = (query: string, options?: Parameters<typeof searchIcd10>[1]) => searchIcd10(query, options).map((entry) => entry.code);

test('the whole Ministry list ships: rare codes have their Vietnamese and English names from QĐ 4469', () => {
  assert.equal(findIcd10('I10')?.display, 'Bệnh lý tăng huyết áp');
  assert.equal(findIcd10('J06.9')?.display, 'Nhiễm trùng đường hô hấp trên cấp, không phân loại');
  assert.equal(findIcd10('A98.1')?.display, 'Sốt xuất huyết Omsk');
  assert.equal(findIcd10('U07.1')?.displayEn, 'Acute respiratory disease du to SARS-CoV-2 (Covid-19)');
  assert.equal(findIcd10('Z00.0')?.display, 'Khám sức khỏe tổng quát');
});

test('a code is found with or without its dot, in either case; dengue has no A91 in this edition', () => {
  assert.equal(findIcd10('j069')?.code, 'J06.9');
  assert.equal(findIcd10('B08.4')?.code, 'B08.4');
  assert.equal(findIcd10('A91'), undefined);
});

test('dagger and asterisk codes appear once, with their mark kept apart from the code', () => {
  assert.equal(findIcd10('A17')?.mark, '†');
  assert.equal(findIcd10('A17†')?.code, 'A17');
  assert.equal(findIcd10('D63')?.mark, '*');
  assert.equal(findIcd10('I10')?.mark, undefined);
});

test('codes of Phụ lục A2 are barred as main diagnosis; ordinary diagnoses are allowed', () => {
  assert.equal(findIcd10('B95.0')?.mainDiagnosisAllowed, false);
  assert.equal(findIcd10('Z00.0')?.mainDiagnosisAllowed, false);
  assert.equal(findIcd10('J17.2')?.mainDiagnosisAllowed, false);
  assert.equal(findIcd10('J18.9')?.mainDiagnosisAllowed, true);
  assert.ok(codes('viem phoi', { limit: 50 }).includes('J17.2'));
  assert.ok(!codes('viem phoi', { limit: 50, mainDiagnosisOnly: true }).includes('J17.2'));
});

test('a typed code prefix lists the codes under it in order', () => {
  assert.deepEqual(codes('j06'), ['J06', 'J06.0', 'J06.8', 'J06.9']);
  assert.deepEqual(codes('J06.9'), ['J06.9']);
  assert.deepEqual(codes('b08.4 '), ['B08.4']);
  assert.equal(codes('A0', { limit: 3 }).length, 3);
});

test('a Vietnamese name typed without accents finds the everyday diagnosis first', () => {
  assert.equal(codes('tang huyet ap')[0], 'I10');
  assert.equal(codes('Tăng huyết áp')[0], 'I10');
  assert.equal(codes('viem hong')[0], 'J02.9');
  assert.equal(codes('dai thao duong')[0], 'E11.9');
  assert.equal(codes('sot')[0], 'R50.9');
});

test('every word of the query must start a word of the name, in any order', () => {
  const found = searchIcd10('phe quan cap', { limit: 50 });
  assert.ok(found.length > 0);
  // Accents do not count: "cap" starts "cấp" and also "cập" (A16.4 "... không đề cập đến ...").
  assert.ok(found.every((entry) => ['phe', 'quan', 'cap'].every((word) => ` ${foldVietnamese(entry.display).replace(/[^a-z0-9]+/g, ' ')}`.includes(` ${word}`))));
  assert.ok(found.some((entry) => entry.code === 'A16.4'));
  assert.ok(codes('quan phe cap').includes('J20.9'));
  assert.deepEqual(codes('uan phe'), []);
});

test('lay names doctors type find the coded diagnosis: "tay chan mieng" is B08.4', () => {
  assert.equal(codes('tay chan mieng')[0], 'B08.4');
  assert.equal(codes('tieu duong')[0], 'E11.9');
  assert.equal(codes('cao huyet ap')[0], 'I10');
});

test('pregnancy and newborn variants come after the general diagnosis', () => {
  const found = codes('tang huyet ap', { limit: 200 });
  assert.ok(found.indexOf('I15') < found.indexOf('P29.2'));
  assert.ok(found.indexOf('I15') < found.indexOf('O16'));
});

test('English names are a fallback: "hypertension" finds I10', () => {
  assert.equal(codes('hypertension')[0], 'I10');
  assert.equal(codes('gastritis')[0], 'K29.7');
});

test('an empty query or one that matches nothing returns nothing', () => {
  assert.deepEqual(searchIcd10('  '), []);
  assert.deepEqual(searchIcd10('qqqzzz'), []);
});
