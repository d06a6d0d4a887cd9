// The prescription as the national prescription system receives it (POST /api/v1/gui-don-thuoc, QĐ 808/QĐ-BYT).
// Field names are the wire format. The annex of QĐ 808 was not available: the shape follows independent public
// implementations that agree (see docs/national-prescription.md), and every choice not confirmed is marked there.
import type { PrescriptionType } from '../../identifiers/prescription-code.ts';
import type { PrescriptionRecord } from '../prescription-record.ts';

export interface Qd808Diagnosis {
  /** ICD-10 code with its dot (QĐ 4469). */
  ma_chan_doan: string;
  ten_chan_doan: string;
  ket_luan: string;
}

export interface Qd808Drug {
  /** National drug code, empty when the catalogue has none. */
  ma_thuoc: string;
  biet_duoc: string;
  ten_thuoc: string;
  don_vi_tinh: string;
  so_luong: number;
  cach_dung: string;
}

export interface Qd808Prescription {
  loai_don_thuoc: PrescriptionType;
  ma_don_thuoc: string;
  ho_ten_benh_nhan: string;
  /** dd/mm/yyyy */
  ngay_sinh_benh_nhan: string;
  /** This channel's codes: 1 not determined, 2 male, 3 female (unlike the insurance XML). */
  gioi_tinh: 1 | 2 | 3;
  dia_chi: string;
  ma_dinh_danh_y_te?: string;
  ma_dinh_danh_cong_dan?: string;
  ma_so_the_bao_hiem_y_te?: string;
  can_nang?: number;
  /** "Họ tên, SĐT, địa chỉ" of the guardian, required under 72 months. */
  thong_tin_nguoi_giam_ho?: string;
  chan_doan: Qd808Diagnosis[];
  loi_dan?: string;
  so_dien_thoai_nguoi_kham_benh?: string;
  thong_tin_don_thuoc: Qd808Drug[];
  /** yyyy-mm-dd hh:mm:ss, Vietnam time */
  ngay_gio_ke_don: string;
}

const GENDER_CODE: Record<string, Qd808Prescription['gioi_tinh']> = { male: 2, female: 3 };
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** A FHIR date as dd/mm/yyyy; a year-only birth date is sent as 1 January, the convention for unknown days. */
export function qd808Date(fhirDate: string): string {
  const [year, month = '01', day = '01'] = fhirDate.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

/** A FHIR dateTime as yyyy-mm-dd hh:mm:ss in Vietnam time (UTC+07:00, no daylight saving). */
export function qd808DateTime(fhirDateTime: string): string {
  const instant = Date.parse(fhirDateTime);
  if (Number.isNaN(instant)) throw new RangeError(`Not a date and time: ${fhirDateTime}`);
  return new Date(instant + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function personLine({ name, phone, address }: { name: string; phone?: string; address?: string }): string {
  return [name, phone, address].filter(Boolean).join(', ');
}

export function qd808Payload(record: PrescriptionRecord): Qd808Prescription {
  const { patient } = record;
  const payload: Qd808Prescription = {
    loai_don_thuoc: record.type,
    ma_don_thuoc: record.code,
    ho_ten_benh_nhan: patient.name,
    ngay_sinh_benh_nhan: qd808Date(patient.birthDate),
    gioi_tinh: GENDER_CODE[patient.gender ?? ''] ?? 1,
    dia_chi: patient.address ?? '',
    chan_doan: record.diagnoses.map((diagnosis) => ({
      ma_chan_doan: diagnosis.code,
      ten_chan_doan: diagnosis.display,
      ket_luan: diagnosis.conclusion ?? diagnosis.display,
    })),
    thong_tin_don_thuoc: record.lines.map((line) => ({
      ma_thuoc: line.nationalDrugCode ?? '',
      biet_duoc: line.brandName ?? '',
      ten_thuoc: line.name,
      don_vi_tinh: line.unit,
      so_luong: line.quantity,
      cach_dung: line.instruction,
    })),
    ngay_gio_ke_don: qd808DateTime(record.authoredOn),
  };
  if (patient.socialInsuranceNumber) payload.ma_dinh_danh_y_te = patient.socialInsuranceNumber;
  if (patient.cccd) payload.ma_dinh_danh_cong_dan = patient.cccd;
  if (patient.insuranceCardNumber) payload.ma_so_the_bao_hiem_y_te = patient.insuranceCardNumber;
  if (patient.weightKg !== undefined) payload.can_nang = patient.weightKg;
  if (patient.guardian) payload.thong_tin_nguoi_giam_ho = personLine(patient.guardian);
  if (record.advice) payload.loi_dan = record.advice;
  if (patient.phone) payload.so_dien_thoai_nguoi_kham_benh = patient.phone;
  return payload;
}
