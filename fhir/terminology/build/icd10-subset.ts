// Extracts the Vietnamese names of a primary-care subset of ICD-10 from the Ministry's list (QĐ 4469/QĐ-BYT).
// The subset is what the synthetic-data generator draws from; the full list ships in a later issue.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from './csv.ts';

/**
 * Conditions commonly seen at commune health stations and district outpatient clinics. Every code must be
 * allowed as the main diagnosis (Phụ lục A2 excludes e.g. Z00.0 check-ups and Z34.9 antenatal care).
 */
export const PRIMARY_CARE_CODES = [
  // acute infections and respiratory
  'J00', 'J01.9', 'J02.9', 'J03.9', 'J06.9', 'J20.9', 'J18.9', 'J30.4', 'H66.9', 'H10.9',
  'A09', 'A90', 'B08.4', 'B01.9', 'B35.4', 'B86', 'N39.0', 'N76.0',
  // digestive, musculoskeletal, skin, symptoms
  'K29.7', 'K21.9', 'K30', 'K59.0', 'K02.9', 'M54.5', 'M54.2', 'M17.9', 'M79.1', 'L30.9', 'L23.9',
  'R51', 'R42', 'D50.9',
  // chronic conditions managed in primary care
  'I10', 'E11.9', 'E78.5', 'J44.9', 'J45.9', 'M10.9', 'I25.9',
] as const;

export interface Icd10SubsetData {
  source: string;
  codes: { code: string; display: string }[];
}

export function buildIcd10Subset(referenceDir: string): Icd10SubsetData {
  const dir = join(referenceDir, 'icd10-vn');
  const names = new Map<string, string>();
  for (const row of parseCsvRecords(readFileSync(join(dir, 'icd10-4469.csv'), 'utf8'))) {
    // Dagger/asterisk marks belong to the classification, not to the code value.
    names.set(row.code.replace(/[†*]$/, ''), row.name_vi.replace(/\s+/g, ' ').replace(/ ,/g, ',').trim());
  }
  const notMain = new Set(
    parseCsvRecords(readFileSync(join(dir, 'not-main-diagnosis.csv'), 'utf8')).map((row) => row.code_nodot),
  );
  const codes = PRIMARY_CARE_CODES.map((code) => {
    const display = names.get(code);
    if (!display) throw new Error(`ICD-10 code ${code} is not in QĐ 4469`);
    if (notMain.has(code.replace('.', ''))) throw new Error(`ICD-10 code ${code} may not be a main diagnosis`);
    return { code, display };
  });
  return {
    source:
      'Bộ Y tế, Quyết định 4469/QĐ-BYT (28/10/2020), Phụ lục: Bảng phân loại quốc tế mã hóa bệnh tật ICD-10, ' +
      'as published in github.com/dh-hos/Mo-ta-he-thong (ICD/Tep-ho-tro/Phu.lu.c.4469.xlsx). Primary-care subset only.',
    codes,
  };
}
