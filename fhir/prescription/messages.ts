// What prescribing tells the doctor or the pharmacist, in Vietnamese and English: catalogue import errors and
// safety findings. Each message explains itself: which drug, which rule, what limit.
import { fillTemplate } from '../text/template.ts';

export interface Bilingual {
  vi: string;
  en: string;
}

const MESSAGES = {
  // catalogue CSV import
  'csv-missing-columns': { vi: 'Thiếu cột bắt buộc: {columns}.', en: 'Required columns missing: {columns}.' },
  'csv-unknown-column': { vi: 'Cột "{column}" không thuộc mẫu danh mục thuốc.', en: 'Column "{column}" is not part of the drug catalogue template.' },
  'csv-cell-count': { vi: 'Dòng có {found} ô, dòng tiêu đề có {expected} ô.', en: 'The row has {found} cells; the header has {expected}.' },
  'csv-required': { vi: 'Cột {column} không được để trống.', en: 'Column {column} must not be empty.' },
  'csv-duplicate-code': { vi: 'Mã thuốc {code} đã có ở dòng {firstLine}.', en: 'Drug code {code} already appears on line {firstLine}.' },
  'csv-list-length': {
    vi: 'Cột {column} có {found} giá trị, cần {expected} (mỗi hoạt chất một giá trị, ngăn cách bằng "+").',
    en: 'Column {column} has {found} values; {expected} expected (one per active ingredient, separated by "+").',
  },
  'csv-strength-invalid': { vi: 'Hàm lượng "{value}" không đọc được (ví dụ: 500mg, 250mg/5ml, 0,05%).', en: 'Cannot read strength "{value}" (e.g. 500mg, 250mg/5ml, 0,05%).' },
  'csv-atc-invalid': { vi: 'Mã ATC "{value}" phải gồm 7 ký tự, ví dụ N02BE01.', en: 'ATC code "{value}" must have 7 characters, e.g. N02BE01.' },
  'csv-route-unknown': { vi: 'Đường dùng "{value}" không có trong danh mục (mã như 1.01 hoặc tên như Uống).', en: 'Route "{value}" is not in the list (a code such as 1.01 or a name such as Uống).' },
  'csv-content-invalid': { vi: 'Quy cách "{value}" không đọc được (ví dụ: 60ml, 200 liều).', en: 'Cannot read pack content "{value}" (e.g. 60ml, 200 liều).' },
  'csv-controlled-class-unknown': {
    vi: 'Loại kiểm soát "{value}" không hợp lệ: để trống, hoặc gây nghiện, hướng thần, tiền chất, y học cổ truyền.',
    en: 'Controlled class "{value}" is not valid: leave it empty, or gây nghiện, hướng thần, tiền chất, y học cổ truyền.',
  },
  'csv-yes-no-invalid': { vi: 'Cột {column}: "{value}" phải là có hoặc không.', en: 'Column {column}: "{value}" must be có (yes) or không (no).' },
  'csv-rate-invalid': { vi: 'Tỷ lệ thanh toán BHYT "{value}" phải là số từ 1 đến 100.', en: 'Insurance payment rate "{value}" must be a number from 1 to 100.' },

  // safety findings
  'allergy-ingredient': {
    vi: 'Người bệnh dị ứng {allergy}: {drug} có hoạt chất {ingredient}.',
    en: 'The patient is allergic to {allergy}: {drug} contains {ingredient}.',
  },
  'allergy-class': {
    vi: 'Người bệnh dị ứng nhóm {allergy}: hoạt chất {ingredient} của {drug} thuộc nhóm này (ATC {atc}).',
    en: 'The patient is allergic to the {allergy} group: {ingredient} in {drug} belongs to it (ATC {atc}).',
  },
  'same-ingredient': {
    vi: 'Hoạt chất {ingredient} có trong nhiều thuốc của đơn ({drugs}): tổng liều cộng dồn.',
    en: '{ingredient} is in more than one drug of the prescription ({drugs}): the doses add up.',
  },
  interaction: {
    vi: 'Tương tác {severity} giữa {drugA} và {drugB}: {effect} {advice} (bảng tương tác phiên bản {version}).',
    en: '{severity} interaction between {drugA} and {drugB}: {effect} {advice} (interaction table version {version}).',
  },
  'duplicate-therapy': {
    vi: 'Trùng nhóm điều trị {group}: {drugs}.',
    en: 'Duplicate therapy, {group}: {drugs}.',
  },
  'duration-over-maximum': {
    vi: '{drug} kê {days} ngày, quá {maximum} ngày tối đa của một đơn thuốc.',
    en: '{drug} is prescribed for {days} days, over the {maximum}-day maximum of a prescription.',
  },
  'duration-needs-chronic-disease': {
    vi: '{drug} kê {days} ngày: quá 30 ngày chỉ được phép (tối đa 90 ngày) với bệnh mạn tính thuộc danh mục của TT 26/2025; chẩn đoán của đơn không có trong danh mục Sen đang có.',
    en: '{drug} is prescribed for {days} days: over 30 days is allowed (up to 90) only for the chronic diseases TT 26/2025 lists, and no diagnosis of this prescription is in the list Sen has.',
  },
  'child-weight-required': {
    vi: 'Trẻ {months} tháng tuổi (dưới 72 tháng): đơn thuốc phải ghi cân nặng.',
    en: 'The child is {months} months old (under 72 months): the prescription must state the weight.',
  },
  'child-guardian-required': {
    vi: 'Trẻ {months} tháng tuổi (dưới 72 tháng): đơn thuốc phải ghi họ tên người đưa trẻ đến khám.',
    en: 'The child is {months} months old (under 72 months): the prescription must name the person who brought the child.',
  },
  'separate-prescription-types': {
    vi: 'Thuốc thuộc các loại đơn khác nhau phải kê trên đơn riêng: {groups}.',
    en: 'Drugs of different prescription types need separate prescriptions: {groups}.',
  },
  'dose-per-administration': {
    vi: '{drug}: mỗi lần {dose} {ingredient}, quá liều tối đa một lần {limit}{basis}.',
    en: '{drug}: {dose} of {ingredient} per administration, over the single-dose maximum of {limit}{basis}.',
  },
  'dose-per-day': {
    vi: '{drug}: {dose} {ingredient} mỗi ngày, quá liều tối đa một ngày {limit}{basis}.',
    en: '{drug}: {dose} of {ingredient} a day, over the daily maximum of {limit}{basis}.',
  },

  // prescription templates applied to today's catalogue
  'template-drug-not-in-catalogue': {
    vi: '{drug} ({code}) không còn trong danh mục thuốc của cơ sở: chưa thêm vào đơn.',
    en: '{drug} ({code}) is no longer in the facility\'s drug catalogue: not added to the prescription.',
  },
  'template-drug-inactive': {
    vi: '{drug} ({code}) đã ngừng sử dụng trong danh mục thuốc: chưa thêm vào đơn.',
    en: '{drug} ({code}) is no longer in use in the drug catalogue: not added to the prescription.',
  },
  'template-dosage-invalid': {
    vi: 'Cách dùng đã lưu của {drug} ({code}) không còn hợp lệ với danh mục hiện tại: chưa thêm vào đơn, vui lòng kê lại.',
    en: 'The saved dosage of {drug} ({code}) no longer fits the catalogue: not added to the prescription; prescribe it again.',
  },
} as const satisfies Record<string, Bilingual>;

export type MessageCode = keyof typeof MESSAGES;

/** A parameter is the same in both languages (a drug name, a number) or has its own text in each. */
export type MessageParams = Record<string, string | number | Bilingual>;

export function message(code: MessageCode, params: MessageParams = {}): Bilingual {
  const inLanguage = (language: keyof Bilingual) =>
    Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? value[language] : value]));
  return { vi: fillTemplate(MESSAGES[code].vi, inLanguage('vi')), en: fillTemplate(MESSAGES[code].en, inLanguage('en')) };
}
