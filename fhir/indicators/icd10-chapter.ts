// ICD-10 chapters (WHO 2019 edition, as QĐ 4469/QĐ-BYT follows it), for the "diagnoses by chapter" disaggregation.

export interface Icd10Chapter {
  /** Roman numeral, the stratum code. */
  code: string;
  /** First and last three-character category of the chapter. */
  from: string;
  to: string;
  en: string;
}

export const ICD10_CHAPTERS: readonly Icd10Chapter[] = [
  { code: 'I', from: 'A00', to: 'B99', en: 'Certain infectious and parasitic diseases' },
  { code: 'II', from: 'C00', to: 'D48', en: 'Neoplasms' },
  { code: 'III', from: 'D50', to: 'D89', en: 'Diseases of the blood and immune mechanism' },
  { code: 'IV', from: 'E00', to: 'E90', en: 'Endocrine, nutritional and metabolic diseases' },
  { code: 'V', from: 'F00', to: 'F99', en: 'Mental and behavioural disorders' },
  { code: 'VI', from: 'G00', to: 'G99', en: 'Diseases of the nervous system' },
  { code: 'VII', from: 'H00', to: 'H59', en: 'Diseases of the eye and adnexa' },
  { code: 'VIII', from: 'H60', to: 'H95', en: 'Diseases of the ear and mastoid process' },
  { code: 'IX', from: 'I00', to: 'I99', en: 'Diseases of the circulatory system' },
  { code: 'X', from: 'J00', to: 'J99', en: 'Diseases of the respiratory system' },
  { code: 'XI', from: 'K00', to: 'K93', en: 'Diseases of the digestive system' },
  { code: 'XII', from: 'L00', to: 'L99', en: 'Diseases of the skin and subcutaneous tissue' },
  { code: 'XIII', from: 'M00', to: 'M99', en: 'Diseases of the musculoskeletal system and connective tissue' },
  { code: 'XIV', from: 'N00', to: 'N99', en: 'Diseases of the genitourinary system' },
  { code: 'XV', from: 'O00', to: 'O99', en: 'Pregnancy, childbirth and the puerperium' },
  { code: 'XVI', from: 'P00', to: 'P96', en: 'Certain conditions originating in the perinatal period' },
  { code: 'XVII', from: 'Q00', to: 'Q99', en: 'Congenital malformations and chromosomal abnormalities' },
  { code: 'XVIII', from: 'R00', to: 'R99', en: 'Symptoms, signs and abnormal findings not elsewhere classified' },
  { code: 'XIX', from: 'S00', to: 'T98', en: 'Injury, poisoning and other consequences of external causes' },
  { code: 'XX', from: 'V01', to: 'Y98', en: 'External causes of morbidity and mortality' },
  { code: 'XXI', from: 'Z00', to: 'Z99', en: 'Factors influencing health status and contact with health services' },
  { code: 'XXII', from: 'U00', to: 'U99', en: 'Codes for special purposes' },
];

/** The chapter of an ICD-10 code ("J06.9", "j069"), by its three-character category; undefined when none holds it. */
export function icd10ChapterOf(code: string): Icd10Chapter | undefined {
  const category = code.replace(/[.†*\s]/g, '').toUpperCase().slice(0, 3);
  if (!/^[A-Z]\d\d$/.test(category)) return undefined;
  return ICD10_CHAPTERS.find((chapter) => category >= chapter.from && category <= chapter.to);
}
