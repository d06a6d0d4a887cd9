// Registration messages in Vietnamese (the default) and English, shared by the web form (inline, as the clerk types)
// and the server (which checks again and answers with the same codes).
import { fillTemplate } from '../text/template.ts';

export type Language = 'vi' | 'en';

const MESSAGES = {
  required: { vi: 'Vui lòng nhập thông tin này.', en: 'This field is required.' },
  'name-too-short': { vi: 'Họ và tên cần ít nhất hai chữ (họ và tên).', en: 'Enter the family name and the given name.' },
  'name-invalid': { vi: 'Họ tên chỉ gồm chữ cái, dấu cách, dấu nháy hoặc gạch nối.', en: 'A name holds only letters, spaces, apostrophes or hyphens.' },
  'sex-required': { vi: 'Vui lòng chọn giới tính.', en: 'Choose the sex.' },
  'date-invalid': { vi: 'Ngày không hợp lệ: nhập dd/mm/yyyy (ví dụ 05/09/1980) hoặc chỉ năm sinh (1980).', en: 'Not a valid date: type dd/mm/yyyy (e.g. 05/09/1980) or the year alone (1980).' },
  'date-invalid-full': { vi: 'Ngày không hợp lệ: nhập dd/mm/yyyy, ví dụ 01/01/2026.', en: 'Not a valid date: type dd/mm/yyyy, e.g. 01/01/2026.' },
  'birth-date-future': { vi: 'Ngày sinh không được sau ngày hôm nay.', en: 'The date of birth cannot be after today.' },
  'birth-date-too-old': { vi: 'Năm sinh quá xa (trên 130 tuổi); vui lòng kiểm tra lại.', en: 'That is over 130 years ago; check the date of birth.' },
  'cccd-format': { vi: 'Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số.', en: 'A citizen ID (CCCD) is exactly 12 digits.' },
  'cccd-sex-mismatch': { vi: 'Chữ số thứ 4 của CCCD ứng với giới tính {cccdSex}, khác giới tính đã chọn. Vui lòng kiểm tra lại.', en: 'Digit 4 of the CCCD says {cccdSex}, which differs from the sex chosen. Please check.' },
  'cccd-birth-year-mismatch': { vi: 'Chữ số 4–6 của CCCD ứng với năm sinh {cccdBirthYear}, khác năm sinh {recordBirthYear}. Vui lòng kiểm tra lại.', en: 'Digits 4–6 of the CCCD say born in {cccdBirthYear}, not {recordBirthYear}. Please check.' },
  'card-length': { vi: 'Mã thẻ BHYT phải gồm đúng 15 ký tự (ví dụ GD4797912345678).', en: 'A health-insurance card number is exactly 15 characters (e.g. GD4797912345678).' },
  'card-group-code': { vi: 'Hai ký tự đầu của mã thẻ BHYT phải là chữ cái (mã đối tượng, ví dụ GD, HT, TE).', en: 'The card number starts with two letters (the beneficiary group, e.g. GD, HT, TE).' },
  'card-benefit-level': { vi: 'Ký tự thứ 3 của mã thẻ BHYT (mức hưởng) phải là số từ 1 đến 5.', en: 'Character 3 of the card number (benefit level) must be a digit 1–5.' },
  'card-issuing-province-code': { vi: 'Ký tự 4–5 của mã thẻ BHYT (mã tỉnh cấp) phải là 2 chữ số.', en: 'Characters 4–5 of the card number (issuing province) must be 2 digits.' },
  'card-social-insurance-number': { vi: '10 ký tự cuối của mã thẻ BHYT (mã số BHXH) phải là chữ số.', en: 'The last 10 characters of the card number (social-insurance number) must be digits.' },
  'card-unknown-province': { vi: 'Mã tỉnh cấp thẻ {code} không có trong danh mục; vui lòng kiểm tra lại.', en: 'Issuing province code {code} is not in the list; please check.' },
  'card-from-required': { vi: 'Nhập ngày thẻ BHYT có giá trị từ (dd/mm/yyyy).', en: 'Enter the date the card is valid from (dd/mm/yyyy).' },
  'card-period-order': { vi: 'Ngày hết hạn phải sau ngày bắt đầu có giá trị.', en: 'The end date must be after the start date.' },
  'card-expired': { vi: 'Thẻ BHYT đã hết hạn ngày {date}: người bệnh sẽ tự chi trả nếu không có thẻ mới.', en: 'The card expired on {date}: the patient pays unless they bring a new card.' },
  'card-not-yet-valid': { vi: 'Thẻ BHYT chỉ có giá trị từ ngày {date}.', en: 'The card is valid only from {date}.' },
  'facility-code-format': { vi: 'Mã nơi đăng ký KCB ban đầu gồm 5 chữ số (ví dụ 79001).', en: 'The registered facility code is 5 digits (e.g. 79001).' },
  'phone-format': { vi: 'Số điện thoại không hợp lệ: 10 chữ số bắt đầu bằng 0 (di động) hoặc 11 chữ số bắt đầu bằng 02 (cố định).', en: 'Not a phone number: 10 digits starting with 0 (mobile) or 11 starting with 02 (landline).' },
  'ethnicity-unknown': { vi: 'Dân tộc không có trong danh mục.', en: 'Unknown ethnic group.' },
  'occupation-unknown': { vi: 'Nghề nghiệp không có trong danh mục.', en: 'Unknown occupation.' },
  'nationality-unknown': { vi: 'Quốc tịch không có trong danh mục.', en: 'Unknown nationality.' },
  'province-required': { vi: 'Vui lòng chọn tỉnh/thành phố.', en: 'Choose the province.' },
  'commune-required': { vi: 'Vui lòng chọn xã/phường.', en: 'Choose the commune.' },
  'commune-not-in-province': { vi: 'Xã/phường này không thuộc tỉnh/thành phố đã chọn.', en: 'This commune is not in the chosen province.' },
  'guardian-required': { vi: 'Trẻ dưới 6 tuổi: vui lòng nhập thông tin người giám hộ/người đưa trẻ đến.', en: 'Children under 6: enter the guardian who brings the child.' },
  'guardian-relationship-required': { vi: 'Vui lòng chọn quan hệ với trẻ.', en: 'Choose the relationship to the child.' },
  'guardian-phone-required': { vi: 'Vui lòng nhập số điện thoại người giám hộ.', en: "Enter the guardian's phone number." },
  'too-long': { vi: 'Quá dài (tối đa {max} ký tự).', en: 'Too long (at most {max} characters).' },
  'reason-too-long': { vi: 'Lý do khám quá dài (tối đa {max} ký tự).', en: 'The reason is too long (at most {max} characters).' },
} as const satisfies Record<string, Record<Language, string>>;

export type MessageCode = keyof typeof MESSAGES;

const SEX_WORDS: Record<Language, Record<string, string>> = {
  vi: { male: 'Nam', female: 'Nữ' },
  en: { male: 'male', female: 'female' },
};

/** The message for `code` in `language`, with {placeholders} filled from `params`. */
export function messageText(code: MessageCode, language: Language = 'vi', params: Record<string, string | number> = {}): string {
  const worded = Object.fromEntries(Object.entries(params).map(([name, value]) =>
    [name, name.endsWith('Sex') ? SEX_WORDS[language][String(value)] ?? String(value) : value]));
  return fillTemplate(MESSAGES[code][language], worded);
}

export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(MESSAGES, code);
}

/** Every code, for tests that both languages say something. */
export function messageCodes(): MessageCode[] {
  return Object.keys(MESSAGES) as MessageCode[];
}
