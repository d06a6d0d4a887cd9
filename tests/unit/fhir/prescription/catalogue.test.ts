import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCatalogueCsv } from '../../../../fhir/prescription/catalogue-csv.ts';
import { fromMedicationResource, toMedicationResource } from '../../../../fhir/prescription/medication-resource.ts';
import { starterCatalogue, starterDrug } from '../../../../fhir/prescription/starter-catalogue.ts';
import { parseStrength } from '../../../../fhir/prescription/strength.ts';
import { validateResource } from '../../../../fhir/validation/validate.ts';

const HEADER = 'ma,ten_thuoc,biet_duoc,hoat_chat,ham_luong,ma_atc,dang_bao_che,duong_dung,don_vi_tinh,quy_cach,loai_kiem_soat,bhyt,ty_le_bhyt';

test('a catalogue row becomes a drug: ingredients with strength and ATC, route, unit, insurance', () => {
  const { drugs, errors } = parseCatalogueCsv(
    `${HEADER}\nAUG625,Amoxicilin + Acid clavulanic 500mg/125mg,Augmentin,Amoxicilin + Acid clavulanic,500mg + 125mg,J01CA04 +,Viên nén bao phim,Uống,viên,,,có,80`,
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(drugs, [
    {
      code: 'AUG625',
      name: 'Amoxicilin + Acid clavulanic 500mg/125mg',
      brandName: 'Augmentin',
      ingredients: [
        { name: 'Amoxicilin', atc: 'J01CA04', strength: { value: 500, unit: 'mg' } },
        { name: 'Acid clavulanic', strength: { value: 125, unit: 'mg' } },
      ],
      form: 'Viên nén bao phim',
      routeCode: '1.01',
      unit: 'viên',
      insurance: { covered: true, paymentRatePercent: 80 },
      active: true,
    },
  ]);
});

test('a spreadsheet saved with semicolons and decimal commas reads the same', () => {
  const csv = '\uFEFFma;ten_thuoc;hoat_chat;ham_luong;dang_bao_che;duong_dung;don_vi_tinh;quy_cach;loai_kiem_soat\r\nSIRO;Paracetamol 120mg/5ml;Paracetamol;120mg/5ml;Siro;1.01;chai;60ml;\r\nDIAZ;Diazepam 5mg;Diazepam;5mg;Viên nén;1.01;viên;;Hướng thần\r\n';
  const { drugs, errors } = parseCatalogueCsv(csv);
  assert.deepEqual(errors, []);
  assert.deepEqual(drugs[0].ingredients[0].strength, { value: 120, unit: 'mg', per: { value: 5, unit: 'ml' } });
  assert.deepEqual(drugs[0].unitContent, { value: 60, unit: 'ml' });
  assert.equal(drugs[1].controlledClass, 'psychotropic');
  assert.equal(drugs[1].insurance.covered, false);
});

test('each problem names its line and column, in Vietnamese and English; good rows still come through', () => {
  const csv = [
    HEADER,
    'OK1,Paracetamol 500mg,,Paracetamol,500mg,N02BE01,Viên nén,1.01,viên,,,có,',
    ',Thiếu mã,,Paracetamol,500mg,,Viên nén,1.01,viên,,,,',
    'BAD2,Sai hàm lượng,,Paracetamol,năm trăm,N02BE1,Viên nén,9.99,viên,,ma túy,có lẽ,150',
    'OK1,Trùng mã,,Paracetamol,500mg,,Viên nén,1.01,viên,,,,',
    'SHORT,Thiếu ô',
  ].join('\n');
  const { drugs, errors } = parseCatalogueCsv(csv);
  assert.deepEqual(drugs.map((drug) => drug.code), ['OK1']);
  const found = errors.map((error) => [error.line, error.column, error.message.vi]);
  assert.deepEqual(found, [
    [3, 'ma', 'Cột ma không được để trống.'],
    [4, 'ham_luong', 'Hàm lượng "năm trăm" không đọc được (ví dụ: 500mg, 250mg/5ml, 0,05%).'],
    [4, 'ma_atc', 'Mã ATC "N02BE1" phải gồm 7 ký tự, ví dụ N02BE01.'],
    [4, 'duong_dung', 'Đường dùng "9.99" không có trong danh mục (mã như 1.01 hoặc tên như Uống).'],
    [4, 'bhyt', 'Cột bhyt: "có lẽ" phải là có hoặc không.'],
    [4, 'ty_le_bhyt', 'Tỷ lệ thanh toán BHYT "150" phải là số từ 1 đến 100.'],
    [4, 'loai_kiem_soat', 'Loại kiểm soát "ma túy" không hợp lệ: để trống, hoặc gây nghiện, hướng thần, tiền chất, y học cổ truyền.'],
    [5, 'ma', 'Mã thuốc OK1 đã có ở dòng 2.'],
    [6, undefined, 'Dòng có 2 ô, dòng tiêu đề có 13 ô.'],
  ]);
  assert.equal(errors[0].message.en, 'Column ma must not be empty.');
});

test('a list column must have one value per ingredient', () => {
  const { errors } = parseCatalogueCsv(`${HEADER}\nX,Sắt + Acid folic,,Sắt fumarat + Acid folic,162mg,,Viên nang,1.01,viên,,,,`);
  assert.equal(errors[0].message.vi, 'Cột ham_luong có 1 giá trị, cần 2 (mỗi hoạt chất một giá trị, ngăn cách bằng "+").');
});

test('a row spanning lines (a quoted line break) reports the line it starts on', () => {
  const { errors } = parseCatalogueCsv(`${HEADER}\n"A","Tên\ncó xuống dòng",,Paracetamol,500mg,,Viên nén,1.01,viên,,,,\nB,Thiếu dạng,,Paracetamol,500mg,,,1.01,viên,,,,`);
  assert.deepEqual(errors.map((error) => [error.line, error.column]), [[4, 'dang_bao_che']]);
});

test('a file without the required columns, or with unknown ones, is refused as a whole', () => {
  const missing = parseCatalogueCsv('ma,ten_thuoc\nA,B');
  assert.deepEqual(missing.drugs, []);
  assert.equal(missing.errors[0].message.vi, 'Thiếu cột bắt buộc: hoat_chat, dang_bao_che, duong_dung, don_vi_tinh.');
  const unknown = parseCatalogueCsv(`${HEADER},gia_ban\n`);
  assert.equal(unknown.errors[0].message.en, 'Column "gia_ban" is not part of the drug catalogue template.');
  assert.equal(parseCatalogueCsv('').errors.length, 1);
});

test('strengths read the Vietnamese way, decimal comma or point', () => {
  assert.deepEqual(parseStrength('7,5mg'), { value: 7.5, unit: 'mg' });
  assert.deepEqual(parseStrength('100mcg/liều'), { value: 100, unit: 'mcg', per: { value: 1, unit: 'liều' } });
  assert.deepEqual(parseStrength('0.05%'), { value: 0.05, unit: '%' });
  assert.equal(parseStrength('mg'), undefined);
  assert.equal(parseStrength('5mg/5ml/2'), undefined);
  assert.deepEqual(parseStrength('10mg/ml'), { value: 10, unit: 'mg', per: { value: 1, unit: 'ml' } });
});

test('the starter catalogue holds common primary-care medicines, controlled ones marked', () => {
  const drugs = starterCatalogue();
  assert.ok(drugs.length >= 60);
  assert.equal(new Set(drugs.map((drug) => drug.code)).size, drugs.length);
  assert.equal(starterDrug('MORPH30').controlledClass, 'narcotic');
  assert.equal(starterDrug('DIAZ5').controlledClass, 'psychotropic');
  assert.equal(starterDrug('HHDN').controlledClass, 'traditional');
  assert.equal(starterDrug('AMOX500').ingredients[0].atc, 'J01CA04');
  assert.throws(() => starterDrug('NONE'), /No drug NONE/);
});

test('every catalogue drug is a valid FHIR Medication and reads back unchanged', () => {
  for (const drug of starterCatalogue()) {
    const medication = toMedicationResource(drug);
    assert.deepEqual(validateResource(medication).filter((issue) => issue.severity === 'error'), [], drug.code);
    assert.deepEqual(fromMedicationResource(medication), drug, drug.code);
  }
  const syrup = toMedicationResource(starterDrug('PARA120S'));
  assert.deepEqual(syrup.amount, { numerator: { value: 60, unit: 'ml', system: 'http://unitsofmeasure.org', code: 'mL' }, denominator: { value: 1, unit: 'chai' } });
  assert.equal(fromMedicationResource({ resourceType: 'Medication', code: { text: 'không phải từ danh mục' } }), undefined);
});
