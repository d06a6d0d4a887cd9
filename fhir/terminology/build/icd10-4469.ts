// Builds the full Ministry ICD-10 list (QĐ 4469/QĐ-BYT) shipped as a gzipped TSV: one line per code with its
// dagger/asterisk mark, whether it may be the main diagnosis (Phụ lục A2) and its Vietnamese and English names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseCsvRecords } from '../../text/csv.ts';

export const ICD10_SOURCE =
  'Bộ Y tế, Quyết định 4469/QĐ-BYT (28/10/2020), Phụ lục: Bảng phân loại quốc tế mã hóa bệnh tật ICD-10 (sheet ICD10) ' +
  'and Phụ lục A2 (codes not allowed as main diagnosis), as published in github.com/dh-hos/Mo-ta-he-thong ' +
  '(ICD/Tep-ho-tro/Phu.lu.c.4469.xlsx, commit 71397f4, Oct 2024).';

const EXPECTED_CODES = 12_219;

/** English names the appendix gets wrong (checked against WHO ICD-10); the Vietnamese names are kept as published. */
const ENGLISH_NAME_CORRECTIONS: Record<string, string> = {
  I10: 'Essential (primary) hypertension',
};

function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').replace(/ ,/g, ',').trim();
}

interface Icd10Row {
  code: string;
  mark: '' | '†' | '*';
  name: string;
  nameEn: string;
}

/**
 * The appendix lists some codes twice, plain and with a dagger or asterisk (A17 and A17†): one entry per code,
 * carrying the mark, named as in the plain row when there is one.
 */
function mergeMarkedDuplicates(rows: Icd10Row[]): Icd10Row[] {
  const byCode = new Map<string, Icd10Row>();
  for (const row of rows) {
    const seen = byCode.get(row.code);
    if (!seen) byCode.set(row.code, row);
    else if (seen.mark === '') byCode.set(row.code, { ...seen, mark: row.mark });
    else byCode.set(row.code, { ...row, mark: seen.mark || row.mark });
  }
  return [...byCode.values()];
}

/** Tab-separated `code, mark, main (1 = may be the main diagnosis, 0 = not), name_vi, name_en`, after a `# source` line. */
export function buildIcd10Table(referenceDir: string): Buffer {
  const dir = join(referenceDir, 'icd10-vn');
  const records = parseCsvRecords(readFileSync(join(dir, 'icd10-4469.csv'), 'utf8'));
  if (records.length !== EXPECTED_CODES) throw new Error(`Expected ${EXPECTED_CODES} ICD-10 rows, found ${records.length}`);
  const notMain = new Set(parseCsvRecords(readFileSync(join(dir, 'not-main-diagnosis.csv'), 'utf8')).map((row) => row.code_nodot));
  const rows = mergeMarkedDuplicates(
    records.map((record) => {
      const mark = /[†*]$/.exec(record.code)?.[0] ?? '';
      const code = record.code.slice(0, record.code.length - mark.length);
      return {
        code,
        mark: mark as Icd10Row['mark'],
        name: cleanName(record.name_vi),
        nameEn: ENGLISH_NAME_CORRECTIONS[code] ?? cleanName(record.name_en),
      };
    }),
  ).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const lines = rows.map((row) => [row.code, row.mark, notMain.has(row.code.replace('.', '')) ? '0' : '1', row.name, row.nameEn].join('\t'));
  const text = [`# source: ${ICD10_SOURCE}`, ...lines].join('\n') + '\n';
  // Level 9 and no file name or time in the header: the same input always gives the same bytes.
  return gzipSync(text, { level: 9 });
}
