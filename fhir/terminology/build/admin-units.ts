// Builds the 2025 administrative-unit table from the Statistics Office lists (CV 915 and CV 1027/CTK-CSCL)
// as transcribed in github.com/dvhcvn/20250701, cross-checked against that repository's merge file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../../text/csv.ts';

export interface AdminUnitsData {
  source: string;
  effectiveFrom: string;
  provinces: { code: string; name: string; shortName: string }[];
  /** Commune [code, name] pairs per province code, in the order of the official list. */
  communes: Record<string, [string, string][]>;
  /** The 63 provinces before 1 July 2025: still the prefix of CCCD numbers, insurance cards and facility codes. */
  legacyProvinces: { code: string; name: string; mergedInto: string }[];
}

interface MergeFile {
  data: {
    level1_id: string;
    merges: { old_id: string; name: string }[];
    level2s: { level2_id: string; name: string }[];
  }[];
}

const EXPECTED_PROVINCES = 34;
const EXPECTED_COMMUNES = 3321;

function cleanName(cell: string): string {
  return cell.replace(/<br>/g, ' ').replace(/\s+/g, ' ').trim();
}

function fullProvinceName(shortName: string): string {
  return shortName.startsWith('Thành phố ') ? shortName : `Tỉnh ${shortName}`;
}

function withoutCityPrefix(name: string): string {
  return name.replace(/^Thành phố /, '');
}

/** Commune rows of Phụ lục I; province section rows (no code) switch the current province, in list order. */
function readCommuneTable(markdown: string, provinceCodesInOrder: string[]): Record<string, [string, string][]> {
  const communes: Record<string, [string, string][]> = {};
  let sectionIndex = -1;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
    const [ordinal, code, name] = cells;
    if (ordinal === 'Stt' || ordinal.startsWith('---')) continue;
    if (ordinal === '' && code === '') {
      sectionIndex++;
      communes[provinceCodesInOrder[sectionIndex]] = [];
    } else if (/^\d{5}$/.test(code)) {
      communes[provinceCodesInOrder[sectionIndex]].push([code, cleanName(name)]);
    } else {
      throw new Error(`Unexpected commune row: ${line}`);
    }
  }
  return communes;
}

function crossCheck(communes: Record<string, [string, string][]>, merges: MergeFile): void {
  const expected = new Map<string, string>();
  for (const province of merges.data) {
    for (const commune of province.level2s) expected.set(commune.level2_id, `${province.level1_id} ${commune.name}`);
  }
  const rows = Object.entries(communes).flatMap(([provinceCode, list]) => list.map(([code, name]) => ({ provinceCode, code, name })));
  if (rows.length !== EXPECTED_COMMUNES) throw new Error(`Expected ${EXPECTED_COMMUNES} communes, read ${rows.length}`);
  for (const { provinceCode, code, name } of rows) {
    if (expected.get(code) !== `${provinceCode} ${name}`) {
      throw new Error(`Commune ${code} ${name} (${provinceCode}) disagrees with the merge file: ${expected.get(code)}`);
    }
  }
}

export function buildAdminUnits(referenceDir: string): AdminUnitsData {
  const dir = join(referenceDir, 'admin-units-2025');
  const provinces = parseCsvRecords(readFileSync(join(dir, 'provinces-915-CTK-CSCL.csv'), 'utf8')).map((row) => {
    const shortName = withoutCityPrefix(row['Tên 34 tỉnh sau sáp nhập']);
    return { code: row['Mã số'], name: fullProvinceName(row['Tên 34 tỉnh sau sáp nhập']), shortName };
  });
  if (provinces.length !== EXPECTED_PROVINCES) throw new Error(`Expected ${EXPECTED_PROVINCES} provinces, read ${provinces.length}`);

  const communes = readCommuneTable(
    readFileSync(join(dir, 'communes-1027-CTK-CSCL.md'), 'utf8'),
    provinces.map((province) => province.code),
  );
  const merges = JSON.parse(readFileSync(join(dir, 'new-to-old-merges.json'), 'utf8')) as MergeFile;
  crossCheck(communes, merges);

  const legacyProvinces = merges.data
    .flatMap((province) => province.merges.map((old) => ({ code: old.old_id, name: old.name, mergedInto: province.level1_id })))
    .sort((a, b) => a.code.localeCompare(b.code));

  return {
    source:
      'Cục Thống kê: Công văn 915/CTK-CSCL (province codes) and Phụ lục I of Công văn 1027/CTK-CSCL of 2025-06-25 ' +
      '(commune codes), as transcribed in github.com/dvhcvn/20250701 at commit dd94887ce32324380bc5bb0a76fe39867dafc73b ' +
      '(2025-07-12, MIT). Legacy provinces and their successors from that repository\'s new-to-old-merges.json.',
    effectiveFrom: '2025-07-01',
    provinces,
    communes,
    legacyProvinces,
  };
}
