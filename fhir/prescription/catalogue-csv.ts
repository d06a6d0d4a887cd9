// Reads a drug catalogue from CSV (the template the pharmacist fills in a spreadsheet; columns named after the BHYT
// drug table where one exists). Every problem is reported with its line and column; a row with a problem is left
// out, the others are returned, and the caller decides whether to import a partial file.
import { detectDelimiter, parseCsvRows } from '../text/csv.ts';
import { foldVietnamese } from '../text/fold.ts';
import { parseVietnameseNumber } from '../text/vietnamese-number.ts';
import { drugRoutes, findDrugRoute } from '../terminology/drug-routes.ts';
import { message, type Bilingual, type MessageCode, type MessageParams } from './messages.ts';
import type { ActiveIngredient, Amount, CatalogueDrug, ControlledClass } from './medication.ts';
import { parseStrength } from './strength.ts';

/** The template's columns. Lists (one value per active ingredient) are separated by "+", as in the BHYT tables. */
export const CATALOGUE_COLUMNS = {
  ma: 'catalogue code (mã thuốc trong danh mục), unique',
  ten_thuoc: 'name with strength as printed, e.g. Paracetamol 500mg',
  biet_duoc: 'trade name',
  hoat_chat: 'active ingredients (INN, Vietnamese spelling), "+"-separated',
  ham_luong: 'strength of each ingredient: 500mg, 250mg/5ml, 0,05%',
  ma_atc: 'WHO ATC code of each ingredient',
  ma_hoat_chat: 'BHYT active-ingredient code of each ingredient',
  dang_bao_che: 'dosage form: Viên nén, Siro…',
  duong_dung: 'route code (1.01) or name (Uống)',
  don_vi_tinh: 'dispensing unit: viên, gói, chai…',
  quy_cach: 'what one unit holds when doses are measured otherwise: 60ml, 200 liều',
  ma_thuoc: 'national drug code (ma_thuoc of the national prescription system)',
  loai_kiem_soat: 'empty, gây nghiện, hướng thần, tiền chất or y học cổ truyền',
  bhyt: 'có / không: paid by health insurance',
  ty_le_bhyt: 'insurance payment rate, percent',
  dieu_kien_bhyt: 'insurance payment conditions',
} as const;

type Column = keyof typeof CATALOGUE_COLUMNS;

const REQUIRED_COLUMNS: readonly Column[] = ['ma', 'ten_thuoc', 'hoat_chat', 'dang_bao_che', 'duong_dung', 'don_vi_tinh'];

export interface CatalogueRowError {
  line: number;
  column?: Column;
  message: Bilingual;
}

export interface CatalogueImport {
  drugs: CatalogueDrug[];
  errors: CatalogueRowError[];
}

const CONTROLLED_CLASSES: Record<string, ControlledClass> = {
  'gay nghien': 'narcotic',
  'huong than': 'psychotropic',
  'tien chat': 'precursor',
  'y hoc co truyen': 'traditional',
};

const YES = new Set(['co', 'x', '1', 'yes']);
const NO = new Set(['khong', '0', 'no', '']);
const ATC_SUBSTANCE = /^[A-Z]\d{2}[A-Z]{2}\d{2}$/;

const routeByFoldedName = new Map(drugRoutes().map((route) => [foldVietnamese(route.name), route.code]));

/** Collects the problems of one row while reading its cells. */
class RowReader {
  readonly errors: CatalogueRowError[] = [];

  constructor(
    private readonly cells: Partial<Record<Column, string>>,
    private readonly line: number,
  ) {}

  fail(column: Column | undefined, code: MessageCode, params: MessageParams = {}): undefined {
    this.errors.push({ line: this.line, column, message: message(code, params) });
    return undefined;
  }

  text(column: Column): string {
    return this.cells[column]?.trim() ?? '';
  }

  required(column: Column): string {
    const value = this.text(column);
    if (!value) this.fail(column, 'csv-required', { column });
    return value;
  }

  /** One value per ingredient; an empty column gives none, and a list of the wrong length is an error. */
  list(column: Column, count: number): (string | undefined)[] {
    const raw = this.text(column);
    if (!raw) return new Array(count).fill(undefined);
    const values = raw.split('+').map((value) => value.trim() || undefined);
    if (values.length !== count) {
      this.fail(column, 'csv-list-length', { column, found: values.length, expected: count });
      return new Array(count).fill(undefined);
    }
    return values;
  }

  yesNo(column: Column): boolean {
    const value = foldVietnamese(this.text(column));
    if (!YES.has(value) && !NO.has(value)) this.fail(column, 'csv-yes-no-invalid', { column, value: this.text(column) });
    return YES.has(value);
  }
}

function readIngredients(row: RowReader): ActiveIngredient[] {
  const names = row.required('hoat_chat').split('+').map((name) => name.trim());
  if (names.length === 1 && !names[0]) return [];
  const strengths = row.list('ham_luong', names.length);
  const atcCodes = row.list('ma_atc', names.length);
  const nationalCodes = row.list('ma_hoat_chat', names.length);
  return names.map((name, i) => {
    const ingredient: ActiveIngredient = { name };
    const strengthText = strengths[i];
    if (strengthText) {
      const strength = parseStrength(strengthText);
      if (strength) ingredient.strength = strength;
      else row.fail('ham_luong', 'csv-strength-invalid', { value: strengthText });
    }
    const atc = atcCodes[i]?.toUpperCase();
    if (atc) {
      if (ATC_SUBSTANCE.test(atc)) ingredient.atc = atc;
      else row.fail('ma_atc', 'csv-atc-invalid', { value: atc });
    }
    if (nationalCodes[i]) ingredient.nationalCode = nationalCodes[i];
    return ingredient;
  });
}

function readRoute(row: RowReader): string {
  const value = row.required('duong_dung');
  if (!value || findDrugRoute(value)) return value;
  const code = routeByFoldedName.get(foldVietnamese(value));
  if (!code) row.fail('duong_dung', 'csv-route-unknown', { value });
  return code ?? '';
}

function readUnitContent(row: RowReader): Amount | undefined {
  const value = row.text('quy_cach');
  if (!value) return undefined;
  const content = parseStrength(value);
  return content && !content.per ? content : row.fail('quy_cach', 'csv-content-invalid', { value });
}

function readControlledClass(row: RowReader): ControlledClass | undefined {
  const value = row.text('loai_kiem_soat');
  if (!value) return undefined;
  return CONTROLLED_CLASSES[foldVietnamese(value)] ?? row.fail('loai_kiem_soat', 'csv-controlled-class-unknown', { value });
}

function readInsurance(row: RowReader): CatalogueDrug['insurance'] {
  const insurance: CatalogueDrug['insurance'] = { covered: row.yesNo('bhyt') };
  const rateText = row.text('ty_le_bhyt');
  if (rateText) {
    const rate = parseVietnameseNumber(rateText.replace(/%$/, ''));
    if (rate !== undefined && rate >= 1 && rate <= 100) insurance.paymentRatePercent = rate;
    else row.fail('ty_le_bhyt', 'csv-rate-invalid', { value: rateText });
  }
  const condition = row.text('dieu_kien_bhyt');
  if (condition) insurance.condition = condition;
  return insurance;
}

function readDrug(row: RowReader): CatalogueDrug {
  const drug: CatalogueDrug = {
    code: row.required('ma'),
    name: row.required('ten_thuoc'),
    ingredients: readIngredients(row),
    form: row.required('dang_bao_che'),
    routeCode: readRoute(row),
    unit: row.required('don_vi_tinh'),
    insurance: readInsurance(row),
    active: true,
  };
  const brandName = row.text('biet_duoc');
  const unitContent = readUnitContent(row);
  const nationalDrugCode = row.text('ma_thuoc');
  const controlledClass = readControlledClass(row);
  if (brandName) drug.brandName = brandName;
  if (unitContent) drug.unitContent = unitContent;
  if (nationalDrugCode) drug.nationalDrugCode = nationalDrugCode;
  if (controlledClass) drug.controlledClass = controlledClass;
  return drug;
}

export function parseCatalogueCsv(text: string): CatalogueImport {
  const content = text.replace(/^\uFEFF/, '');
  const [header, ...rows] = parseCsvRows(content, detectDelimiter(content)).filter((row) => row.cells.some((cell) => cell.trim()));
  if (!header) return { drugs: [], errors: [{ line: 1, message: message('csv-missing-columns', { columns: REQUIRED_COLUMNS.join(', ') }) }] };
  const columns = header.cells.map((cell) => cell.trim().toLowerCase());
  const errors: CatalogueRowError[] = [];
  const unknown = columns.filter((column) => !(column in CATALOGUE_COLUMNS));
  for (const column of unknown) errors.push({ line: header.line, message: message('csv-unknown-column', { column }) });
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length) errors.push({ line: header.line, message: message('csv-missing-columns', { columns: missing.join(', ') }) });
  if (errors.length) return { drugs: [], errors };

  const drugs: CatalogueDrug[] = [];
  const firstLineOfCode = new Map<string, number>();
  for (const { cells, line } of rows) {
    if (cells.length !== columns.length) {
      errors.push({ line, message: message('csv-cell-count', { found: cells.length, expected: columns.length }) });
      continue;
    }
    const row = new RowReader(Object.fromEntries(columns.map((column, i) => [column, cells[i]])), line);
    const drug = readDrug(row);
    const firstLine = firstLineOfCode.get(drug.code);
    if (firstLine !== undefined) row.fail('ma', 'csv-duplicate-code', { code: drug.code, firstLine });
    else if (drug.code) firstLineOfCode.set(drug.code, line);
    if (row.errors.length) errors.push(...row.errors);
    else drugs.push(drug);
  }
  return { drugs, errors };
}
