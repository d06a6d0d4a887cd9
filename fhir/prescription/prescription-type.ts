// Which prescription type (loại đơn, the letter after the dash of the national code) a drug needs, and the type of a
// prescription: controlled drugs go on their own prescriptions (TT 26/2025, TT 20/2017).
import type { PrescriptionType } from '../identifiers/prescription-code.ts';
import type { Bilingual } from './messages.ts';
import type { CatalogueDrug, ControlledClass } from './medication.ts';

const TYPE_OF_CLASS: Record<ControlledClass, PrescriptionType> = {
  narcotic: 'n',
  psychotropic: 'h',
  precursor: 'h',
  traditional: 'y',
};

export const PRESCRIPTION_TYPE_NAME: Record<PrescriptionType, Bilingual> = {
  c: { vi: 'đơn thuốc thường', en: 'ordinary prescription' },
  n: { vi: 'đơn thuốc gây nghiện ("N")', en: 'narcotic prescription ("N")' },
  h: { vi: 'đơn thuốc hướng thần, tiền chất ("H")', en: 'psychotropic and precursor prescription ("H")' },
  y: { vi: 'đơn thuốc y học cổ truyền', en: 'traditional-medicine prescription' },
};

export function prescriptionTypeOfDrug(drug: CatalogueDrug): PrescriptionType {
  return drug.controlledClass ? TYPE_OF_CLASS[drug.controlledClass] : 'c';
}

/** The drugs of each type, in first-appearance order; one entry means the drugs can share one prescription. */
export function groupByPrescriptionType(drugs: readonly CatalogueDrug[]): Map<PrescriptionType, CatalogueDrug[]> {
  const groups = new Map<PrescriptionType, CatalogueDrug[]>();
  for (const drug of drugs) {
    const type = prescriptionTypeOfDrug(drug);
    groups.set(type, [...(groups.get(type) ?? []), drug]);
  }
  return groups;
}
