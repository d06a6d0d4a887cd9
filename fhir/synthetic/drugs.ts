// Drugs common in Vietnamese primary care, named as prescriptions print them (TT 26/2025/TT-BYT: the INN
// name with strength, Vietnamese spelling and decimal comma) with their WHO ATC code.

export type Route = 'oral' | 'topical' | 'ophthalmic' | 'inhalation' | 'vaginal';

export interface Drug {
  name: string;
  atc: string;
  /** Dispensing unit: viên, gói, tuýp, lọ, bình. */
  unit: string;
  route: Route;
}

function drug(name: string, atc: string, unit: string, route: Route = 'oral'): Drug {
  return { name, atc, unit, route };
}

export const DRUGS = {
  paracetamol500: drug('Paracetamol 500mg', 'N02BE01', 'viên'),
  paracetamol250: drug('Paracetamol 250mg', 'N02BE01', 'gói'),
  amoxicillin500: drug('Amoxicilin 500mg', 'J01CA04', 'viên'),
  amoxicillin250: drug('Amoxicilin 250mg', 'J01CA04', 'gói'),
  cefuroxime500: drug('Cefuroxim 500mg', 'J01DC02', 'viên'),
  ciprofloxacin500: drug('Ciprofloxacin 500mg', 'J01MA02', 'viên'),
  metronidazoleVaginal: drug('Metronidazol 500mg (viên đặt âm đạo)', 'G01AF01', 'viên', 'vaginal'),
  chlorphenamine4: drug('Clorpheniramin 4mg', 'R06AB04', 'viên'),
  loratadine10: drug('Loratadin 10mg', 'R06AX13', 'viên'),
  cetirizine10: drug('Cetirizin 10mg', 'R06AE07', 'viên'),
  ambroxol30: drug('Ambroxol 30mg', 'R05CB06', 'viên'),
  acetylcysteine200: drug('Acetylcystein 200mg', 'R05CB01', 'gói'),
  omeprazole20: drug('Omeprazol 20mg', 'A02BC01', 'viên'),
  domperidone10: drug('Domperidon 10mg', 'A03FA03', 'viên'),
  oralRehydrationSalts: drug('Oresol 245', 'A07CA', 'gói'),
  zincGluconate70: drug('Kẽm gluconat 70mg', 'A12CB02', 'gói'),
  sorbitol5g: drug('Sorbitol 5g', 'A06AD18', 'gói'),
  meloxicam7_5: drug('Meloxicam 7,5mg', 'M01AC06', 'viên'),
  diclofenac50: drug('Diclofenac 50mg', 'M01AB05', 'viên'),
  eperisone50: drug('Eperison 50mg', 'M03BX09', 'viên'),
  glucosamine500: drug('Glucosamin 500mg', 'M01AX05', 'viên'),
  amlodipine5: drug('Amlodipin 5mg', 'C08CA01', 'viên'),
  losartan50: drug('Losartan 50mg', 'C09CA01', 'viên'),
  nifedipine20: drug('Nifedipin 20mg (tác dụng kéo dài)', 'C08CA05', 'viên'),
  metformin500: drug('Metformin 500mg', 'A10BA02', 'viên'),
  gliclazide30: drug('Gliclazid 30mg (giải phóng có biến đổi)', 'A10BB09', 'viên'),
  atorvastatin10: drug('Atorvastatin 10mg', 'C10AA05', 'viên'),
  atorvastatin20: drug('Atorvastatin 20mg', 'C10AA05', 'viên'),
  aspirin81: drug('Aspirin 81mg', 'B01AC06', 'viên'),
  bisoprolol2_5: drug('Bisoprolol 2,5mg', 'C07AB07', 'viên'),
  salbutamolInhaler: drug('Salbutamol 100mcg/liều (bình xịt 200 liều)', 'R03AC02', 'bình', 'inhalation'),
  montelukast10: drug('Montelukast 10mg', 'R03DC03', 'viên'),
  montelukast5: drug('Montelukast 5mg (viên nhai)', 'R03DC03', 'viên'),
  allopurinol300: drug('Allopurinol 300mg', 'M04AA01', 'viên'),
  clotrimazoleCream: drug('Clotrimazol 1% (tuýp 20g)', 'D01AC01', 'tuýp', 'topical'),
  permethrinCream: drug('Permethrin 5% (tuýp 30g)', 'P03AC04', 'tuýp', 'topical'),
  betamethasoneCream: drug('Betamethason 0,05% (tuýp 15g)', 'D07AC01', 'tuýp', 'topical'),
  chloramphenicolEyeDrops: drug('Cloramphenicol 0,4% (lọ 8ml)', 'S01AA01', 'lọ', 'ophthalmic'),
  ferrousFumarateFolicAcid: drug('Sắt fumarat 162mg + Acid folic 0,75mg', 'B03AD02', 'viên'),
  cinnarizine25: drug('Cinnarizin 25mg', 'N07CA02', 'viên'),
  betahistine16: drug('Betahistin 16mg', 'N07CA01', 'viên'),
} as const satisfies Record<string, Drug>;
