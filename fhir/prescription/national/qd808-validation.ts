// Checks a gui-don-thuoc payload the way the national system is described to: required fields, formats, the code
// matching its type and the sending facility, and what TT 26/2025 requires for children under 72 months. Sen runs it
// before queueing a prescription (so the doctor sees problems at once) and the local simulator runs it on receipt.
import { parsePrescriptionCode } from '../../identifiers/prescription-code.ts';
import { findIcd10 } from '../../terminology/icd10.ts';
import { ageOn } from '../../registration/dates.ts';
import { YOUNG_CHILD_MONTHS } from '../safety/young-child.ts';

export interface Qd808Problem {
  field: string;
  /** In Vietnamese, as the national system answers. */
  message: string;
}

const DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function fhirDateOf(text: string): string | undefined {
  const match = DATE.exec(text);
  if (!match || !isRealDate(Number(match[3]), Number(match[2]), Number(match[1]))) return undefined;
  return `${match[3]}-${match[2]}-${match[1]}`;
}

function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  return !!match && isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) && Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6]) < 60;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

export interface Qd808ValidationOptions {
  /** The sending facility's 5-digit code: a prescription code must start with it. */
  facilityCode?: string;
}

/** Every problem found; [] means the payload would be accepted. Takes unknown input: the simulator gets raw JSON. */
export function validateQd808(input: unknown, options: Qd808ValidationOptions = {}): Qd808Problem[] {
  const problems: Qd808Problem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [{ field: '', message: 'Dữ liệu gửi lên phải là một đối tượng JSON' }];
  const payload = input as Record<string, unknown>;

  for (const field of ['loai_don_thuoc', 'ma_don_thuoc', 'ho_ten_benh_nhan', 'ngay_sinh_benh_nhan', 'dia_chi', 'ngay_gio_ke_don']) {
    if (!text(payload[field])) problem(field, `Trường ${field} là bắt buộc`);
  }
  const code = text(payload.ma_don_thuoc) && parsePrescriptionCode(payload.ma_don_thuoc as string);
  if (text(payload.ma_don_thuoc) && !code) problem('ma_don_thuoc', 'Mã đơn thuốc phải gồm 12 chữ hoặc số, dấu "-" và loại đơn (c, n, h, y)');
  if (code && payload.loai_don_thuoc !== code.type) problem('loai_don_thuoc', `Loại đơn thuốc phải khớp với mã đơn thuốc (${code.type})`);
  if (code && options.facilityCode && code.facilityCode !== options.facilityCode) {
    problem('ma_don_thuoc', `Mã đơn thuốc phải bắt đầu bằng mã cơ sở khám chữa bệnh ${options.facilityCode}`);
  }
  if (![1, 2, 3].includes(payload.gioi_tinh as number)) problem('gioi_tinh', 'Giới tính phải là 1, 2 hoặc 3');
  const birthDate = text(payload.ngay_sinh_benh_nhan) && fhirDateOf(payload.ngay_sinh_benh_nhan as string);
  if (text(payload.ngay_sinh_benh_nhan) && !birthDate) problem('ngay_sinh_benh_nhan', 'Ngày sinh phải có dạng dd/mm/yyyy');
  const signedAt = text(payload.ngay_gio_ke_don);
  if (signedAt && !isDateTime(signedAt)) problem('ngay_gio_ke_don', 'Ngày giờ kê đơn phải có dạng yyyy-mm-dd hh:mm:ss');
  if (payload.ma_dinh_danh_cong_dan !== undefined && !/^\d{12}$/.test(String(payload.ma_dinh_danh_cong_dan))) {
    problem('ma_dinh_danh_cong_dan', 'Mã định danh công dân phải gồm 12 chữ số');
  }
  if (payload.ma_so_the_bao_hiem_y_te !== undefined && !/^[A-Z]{2}\d{13}$/.test(String(payload.ma_so_the_bao_hiem_y_te))) {
    problem('ma_so_the_bao_hiem_y_te', 'Mã thẻ bảo hiểm y tế phải gồm 15 ký tự');
  }
  if (payload.can_nang !== undefined && !(typeof payload.can_nang === 'number' && payload.can_nang > 0)) problem('can_nang', 'Cân nặng phải là số dương (kg)');

  if (birthDate && signedAt && isDateTime(signedAt) && ageOn(birthDate, signedAt.slice(0, 10)).months < YOUNG_CHILD_MONTHS) {
    if (payload.can_nang === undefined) problem('can_nang', 'Trẻ dưới 72 tháng tuổi phải có cân nặng');
    if (!text(payload.thong_tin_nguoi_giam_ho)) problem('thong_tin_nguoi_giam_ho', 'Trẻ dưới 72 tháng tuổi phải có thông tin người giám hộ');
  }

  const diagnoses = payload.chan_doan;
  if (!Array.isArray(diagnoses) || diagnoses.length === 0) problem('chan_doan', 'Đơn thuốc phải có ít nhất một chẩn đoán');
  else {
    diagnoses.forEach((diagnosis: Record<string, unknown>, i) => {
      const icd = text(diagnosis?.ma_chan_doan);
      if (!icd || !findIcd10(icd)) problem(`chan_doan[${i}].ma_chan_doan`, `Mã chẩn đoán "${String(diagnosis?.ma_chan_doan ?? '')}" không có trong danh mục ICD-10`);
      if (!text(diagnosis?.ten_chan_doan)) problem(`chan_doan[${i}].ten_chan_doan`, 'Tên chẩn đoán là bắt buộc');
    });
  }

  const drugs = payload.thong_tin_don_thuoc;
  if (!Array.isArray(drugs) || drugs.length === 0) problem('thong_tin_don_thuoc', 'Đơn thuốc phải có ít nhất một thuốc');
  else {
    drugs.forEach((drug: Record<string, unknown>, i) => {
      for (const field of ['ten_thuoc', 'don_vi_tinh', 'cach_dung']) {
        if (!text(drug?.[field])) problem(`thong_tin_don_thuoc[${i}].${field}`, `Trường ${field} là bắt buộc`);
      }
      if (!(typeof drug?.so_luong === 'number' && drug.so_luong > 0)) problem(`thong_tin_don_thuoc[${i}].so_luong`, 'Số lượng phải là số dương');
    });
  }
  return problems;
}
