// Diagnoses a commune station or district outpatient clinic makes every day. Search ranks them before the rest of
// the 12,000 codes, so that "tang huyet ap" offers I10 before neonatal hypertension. The lay names doctors type
// ("tay chân miệng", "tiểu đường") are Sen's curation, not part of QĐ 4469; names from the list match anyway.

export interface CommonDiagnosis {
  code: string;
  aliases?: readonly string[];
}

export const COMMON_DIAGNOSES: readonly CommonDiagnosis[] = [
  // acute infections and respiratory
  { code: 'J00', aliases: ['cảm lạnh', 'sổ mũi', 'cảm thường'] },
  { code: 'J01.9', aliases: ['viêm xoang'] },
  { code: 'J02.9' },
  { code: 'J03.9' },
  { code: 'J06.9' },
  { code: 'J11.1', aliases: ['cảm cúm'] },
  { code: 'J18.9' },
  { code: 'J20.9' },
  { code: 'J30.4', aliases: ['viêm mũi dị ứng'] },
  { code: 'H10.9', aliases: ['đau mắt đỏ'] },
  { code: 'H66.9' },
  { code: 'A09', aliases: ['tiêu chảy', 'ỉa chảy'] },
  { code: 'A90', aliases: ['sốt xuất huyết'] },
  { code: 'A97.0' },
  { code: 'A97.1' },
  { code: 'B08.4', aliases: ['tay chân miệng'] },
  { code: 'B01.9' },
  { code: 'B35.4', aliases: ['hắc lào'] },
  { code: 'B86' },
  { code: 'N39.0', aliases: ['viêm đường tiết niệu', 'nhiễm trùng tiểu'] },
  { code: 'N76.0' },
  { code: 'R50.9' },
  // digestive, musculoskeletal, skin, symptoms
  { code: 'K29.7', aliases: ['đau dạ dày'] },
  { code: 'K21.9', aliases: ['trào ngược dạ dày'] },
  { code: 'K30', aliases: ['khó tiêu'] },
  { code: 'K59.0' },
  { code: 'K02.9', aliases: ['sâu răng'] },
  { code: 'M54.5', aliases: ['đau lưng'] },
  { code: 'M54.2', aliases: ['đau cổ'] },
  { code: 'M17.9', aliases: ['thoái hóa khớp gối'] },
  { code: 'M79.1', aliases: ['đau cơ'] },
  { code: 'L30.9' },
  { code: 'L23.9' },
  { code: 'R51', aliases: ['đau đầu', 'nhức đầu'] },
  { code: 'R42' },
  { code: 'D50.9' },
  // chronic conditions managed in primary care
  { code: 'I10', aliases: ['cao huyết áp', 'huyết áp cao'] },
  { code: 'E11.9', aliases: ['tiểu đường', 'đái tháo đường type 2'] },
  { code: 'E78.5', aliases: ['mỡ máu', 'rối loạn mỡ máu'] },
  { code: 'J44.9', aliases: ['copd'] },
  { code: 'J45.9', aliases: ['hen suyễn', 'hen phế quản'] },
  { code: 'M10.9', aliases: ['gút'] },
  { code: 'I25.9' },
];
