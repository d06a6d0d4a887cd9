import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qd808Date, qd808DateTime, qd808Payload } from '../../../../fhir/prescription/national/qd808-payload.ts';
import { validateQd808 } from '../../../../fhir/prescription/national/qd808-validation.ts';
import { PrescriptionRecordError, readPrescription } from '../../../../fhir/prescription/prescription-record.ts';
import { adultPrescription, childPrescription, FIXTURE_DOCTOR_LINK_CODE, FIXTURE_FACILITY_CODE } from '../../../support/prescription-fixture.ts';

test('the QĐ 808 payload maps patient, diagnoses and drugs from the FHIR prescription', () => {
  const record = readPrescription(adultPrescription());
  assert.equal(record.doctor.nationalLinkCode, FIXTURE_DOCTOR_LINK_CODE);
  assert.equal(record.facility.code, FIXTURE_FACILITY_CODE);
  const payload = qd808Payload(record);
  assert.deepEqual(payload, {
    loai_don_thuoc: 'c',
    ma_don_thuoc: record.code,
    ho_ten_benh_nhan: 'Nguyễn Thị Hương Giang',
    ngay_sinh_benh_nhan: '12/04/1958',
    gioi_tinh: 3,
    dia_chi: 'Số 12 phố Hàng Bông, Phường Hoàn Kiếm, Thành phố Hà Nội',
    ma_dinh_danh_y_te: '0112345678',
    ma_dinh_danh_cong_dan: '001158012345',
    ma_so_the_bao_hiem_y_te: 'HT3010112345678',
    chan_doan: [
      { ma_chan_doan: 'I10', ten_chan_doan: 'Bệnh lý tăng huyết áp', ket_luan: 'Bệnh lý tăng huyết áp' },
      {
        ma_chan_doan: 'E11.9',
        ten_chan_doan: 'Bệnh đái tháo đường không phụ thuộc insuline (Chưa có biến chứng)',
        ket_luan: 'Bệnh đái tháo đường không phụ thuộc insuline (Chưa có biến chứng)',
      },
    ],
    loi_dan: 'Ăn nhạt, hạn chế đồ ngọt; tái khám sau 30 ngày.',
    so_dien_thoai_nguoi_kham_benh: '0912345678',
    thong_tin_don_thuoc: [
      { ma_thuoc: '', biet_duoc: '', ten_thuoc: 'Amlodipin 5mg', don_vi_tinh: 'viên', so_luong: 30, cach_dung: 'Uống sáng 1 viên' },
      { ma_thuoc: '', biet_duoc: '', ten_thuoc: 'Metformin 500mg', don_vi_tinh: 'viên', so_luong: 60, cach_dung: 'Sáng 1 viên, chiều 1 viên, uống sau ăn' },
    ],
    ngay_gio_ke_don: '2026-11-20 09:30:00',
  });
  assert.deepEqual(validateQd808(payload, { facilityCode: FIXTURE_FACILITY_CODE }), []);
});

test('a young child’s prescription carries the weight and the guardian “name, phone”', () => {
  const payload = qd808Payload(readPrescription(childPrescription()));
  assert.equal(payload.gioi_tinh, 2);
  assert.equal(payload.can_nang, 12.5);
  assert.equal(payload.thong_tin_nguoi_giam_ho, 'Phạm Thu Hà, 0987654321');
  assert.equal(payload.thong_tin_don_thuoc[0].cach_dung, 'Uống 5 ml khi sốt trên 38,5°C, cách nhau ít nhất 4 giờ, không quá 4 lần/ngày');
  assert.deepEqual(validateQd808(payload), []);
});

test('dates go out as dd/mm/yyyy and Vietnam local time whatever offset FHIR used', () => {
  assert.equal(qd808Date('1958-04-12'), '12/04/1958');
  assert.equal(qd808Date('1958'), '01/01/1958');
  assert.equal(qd808DateTime('2026-11-20T02:30:00Z'), '2026-11-20 09:30:00');
  assert.equal(qd808DateTime('2026-11-20T23:30:00+07:00'), '2026-11-20 23:30:00');
  assert.throws(() => qd808DateTime('hôm qua'), RangeError);
});

test('a prescription missing what the paper needs is refused with the reason', () => {
  const resources = adultPrescription();
  assert.throws(() => readPrescription({ ...resources, conditions: [] }), /no diagnosis/);
  assert.throws(() => readPrescription({ ...resources, requests: [] }), /no drugs/);
  const mixed = [resources.requests[0], { ...resources.requests[1], groupIdentifier: { ...resources.requests[1].groupIdentifier, value: '01234aaaaaaa-c' } }];
  assert.throws(() => readPrescription({ ...resources, requests: mixed }), PrescriptionRecordError);
  assert.throws(() => readPrescription({ ...resources, patient: { ...resources.patient, birthDate: undefined } }), /date of birth/);
});

test('validation: required fields, formats, and the code agreeing with its type and facility', () => {
  const valid = qd808Payload(readPrescription(adultPrescription()));
  const fields = (payload: unknown, facilityCode?: string) => validateQd808(payload, { facilityCode }).map((problem) => problem.field);
  assert.deepEqual(fields({ ...valid, ho_ten_benh_nhan: ' ' }), ['ho_ten_benh_nhan']);
  assert.deepEqual(fields({ ...valid, loai_don_thuoc: 'n' }), ['loai_don_thuoc']);
  assert.deepEqual(fields({ ...valid, ma_don_thuoc: '01234abc-c' }), ['ma_don_thuoc']);
  assert.deepEqual(fields(valid, '79001'), ['ma_don_thuoc']);
  assert.deepEqual(fields({ ...valid, gioi_tinh: 0, ngay_sinh_benh_nhan: '31/02/1958', ngay_gio_ke_don: '20/11/2026 09:30' }), ['gioi_tinh', 'ngay_sinh_benh_nhan', 'ngay_gio_ke_don']);
  assert.deepEqual(fields({ ...valid, ma_dinh_danh_cong_dan: '12345', ma_so_the_bao_hiem_y_te: 'HT301', can_nang: -1 }), ['ma_dinh_danh_cong_dan', 'ma_so_the_bao_hiem_y_te', 'can_nang']);
  assert.deepEqual(fields({ ...valid, chan_doan: [] }), ['chan_doan']);
  assert.deepEqual(fields({ ...valid, chan_doan: [{ ma_chan_doan: 'A91', ten_chan_doan: 'Sốt xuất huyết' }] }), ['chan_doan[0].ma_chan_doan']);
  assert.deepEqual(fields({ ...valid, thong_tin_don_thuoc: [{ ...valid.thong_tin_don_thuoc[0], so_luong: 0, cach_dung: '' }] }), [
    'thong_tin_don_thuoc[0].cach_dung',
    'thong_tin_don_thuoc[0].so_luong',
  ]);
  assert.deepEqual(fields([]), ['']);
});

test('validation: under 72 months the weight and the guardian are required', () => {
  const child = qd808Payload(readPrescription(childPrescription()));
  const { can_nang: _weight, thong_tin_nguoi_giam_ho: _guardian, ...bare } = child;
  const problems = validateQd808(bare);
  assert.deepEqual(problems, [
    { field: 'can_nang', message: 'Trẻ dưới 72 tháng tuổi phải có cân nặng' },
    { field: 'thong_tin_nguoi_giam_ho', message: 'Trẻ dưới 72 tháng tuổi phải có thông tin người giám hộ' },
  ]);
});
