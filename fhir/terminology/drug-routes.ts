// Route codes (mã đường dùng thuốc) the BHYT drug table (XML2 DUONG_DUNG) and the drug catalogue use, with the
// verb a prescription uses for each ("uống", "nhỏ mắt") and the SNOMED CT route where one clearly matches.
//
// Source: the Ministry of Health common-code list of routes (danh mục dùng chung, QĐ 7603/QĐ-BYT and updates), as
// transcribed identically in two independent public pharmacy systems (groups 1–6; group 9 holds dosage-form
// leftovers and is not shipped). Not yet checked against the signed decision: verify before relying on a code.

export interface DrugRoute {
  code: string;
  /** Name in the list, e.g. "Uống", "Nhỏ mắt". */
  name: string;
  /** How an instruction says it, lower case: "uống", "tiêm bắp", "hít". */
  verb: string;
  snomed?: { code: string; display: string };
}

const ORAL = { code: '26643006', display: 'Oral route' };
const SUBLINGUAL = { code: '37839007', display: 'Sublingual route' };
const TOPICAL = { code: '6064005', display: 'Topical route' };
const NASAL = { code: '46713006', display: 'Nasal route' };
const INHALATION = { code: '447694001', display: 'Respiratory tract route' };
const INTRAVENOUS = { code: '47625008', display: 'Intravenous route' };
const RECTAL = { code: '37161004', display: 'Rectal route' };

function route(code: string, name: string, snomed?: DrugRoute['snomed'], verb = name.toLowerCase()): DrugRoute {
  return { code, name, verb, snomed };
}

const DRUG_ROUTES: readonly DrugRoute[] = [
  route('1.01', 'Uống', ORAL),
  route('1.02', 'Ngậm', { code: '54471007', display: 'Buccal route' }),
  route('1.03', 'Nhai', ORAL),
  route('1.04', 'Đặt dưới lưỡi', SUBLINGUAL),
  route('1.05', 'Ngậm dưới lưỡi', SUBLINGUAL),
  route('2.01', 'Tiêm bắp', { code: '78421000', display: 'Intramuscular route' }),
  route('2.02', 'Tiêm dưới da', { code: '34206005', display: 'Subcutaneous route' }),
  route('2.03', 'Tiêm trong da', { code: '372464004', display: 'Intradermal route' }),
  route('2.04', 'Tiêm tĩnh mạch', INTRAVENOUS),
  route('2.05', 'Tiêm truyền tĩnh mạch', INTRAVENOUS, 'truyền tĩnh mạch'),
  route('2.06', 'Tiêm vào ổ khớp'),
  route('2.07', 'Tiêm nội nhãn cầu'),
  route('2.08', 'Tiêm trong dịch kính của mắt'),
  route('2.09', 'Tiêm vào các khoang của cơ thể'),
  route('2.10', 'Tiêm'),
  route('2.11', 'Tiêm động mạch khối u'),
  route('2.12', 'Tiêm vào khoang tự nhiên'),
  route('2.13', 'Tiêm vào khối u'),
  route('2.14', 'Truyền tĩnh mạch', INTRAVENOUS),
  route('2.15', 'Tiêm truyền', undefined, 'truyền'),
  route('3.01', 'Bôi', TOPICAL),
  route('3.02', 'Xoa ngoài', TOPICAL, 'xoa'),
  route('3.03', 'Dán trên da', { code: '45890007', display: 'Transdermal route' }, 'dán'),
  route('3.04', 'Xịt ngoài da', TOPICAL, 'xịt'),
  route('3.05', 'Dùng ngoài', TOPICAL),
  route('4.01', 'Đặt âm đạo', { code: '16857009', display: 'Vaginal route' }),
  route('4.02', 'Đặt hậu môn', RECTAL),
  route('4.03', 'Thụt hậu môn - trực tràng', RECTAL, 'thụt hậu môn'),
  route('4.04', 'Đặt'),
  route('4.05', 'Đặt tử cung'),
  route('4.06', 'Thụt'),
  route('5.01', 'Phun mù', INHALATION),
  route('5.02', 'Dạng hít', INHALATION, 'hít'),
  route('5.03', 'Bột hít', INHALATION, 'hít'),
  route('5.04', 'Xịt', INHALATION),
  route('5.05', 'Khí dung', INHALATION),
  route('5.06', 'Đường hô hấp', INHALATION, 'dùng đường hô hấp'),
  route('5.07', 'Xịt mũi', NASAL),
  route('5.08', 'Xịt họng'),
  route('5.09', 'Thuốc mũi', NASAL, 'dùng cho mũi'),
  route('5.10', 'Nhỏ mũi', NASAL),
  route('6.01', 'Nhỏ mắt', { code: '54485002', display: 'Ophthalmic route' }),
  route('6.02', 'Tra mắt', { code: '54485002', display: 'Ophthalmic route' }),
  route('6.03', 'Thuốc mắt', { code: '54485002', display: 'Ophthalmic route' }, 'dùng cho mắt'),
  route('6.04', 'Nhỏ tai', { code: '10547007', display: 'Otic route' }),
];

const routeByCode = new Map(DRUG_ROUTES.map((entry) => [entry.code, entry]));

export function findDrugRoute(code: string): DrugRoute | undefined {
  return routeByCode.get(code);
}

export function drugRoutes(): readonly DrugRoute[] {
  return DRUG_ROUTES;
}
