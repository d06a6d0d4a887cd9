// A drug of the catalogue (danh mục thuốc) as prescribing needs it: what it contains, how it is given and counted,
// whether it is a controlled drug, and whether insurance pays for it. Stored as a FHIR Medication (see
// medication-resource.ts); imported from CSV (catalogue-csv.ts).

/**
 * Drugs that need their own prescription type (TT 26/2025, TT 20/2017): narcotic (gây nghiện, "N"), psychotropic
 * (hướng thần) and precursor (tiền chất), both "H", and traditional medicine (y học cổ truyền, "Y").
 * Absent for ordinary drugs.
 */
export type ControlledClass = 'narcotic' | 'psychotropic' | 'precursor' | 'traditional';

/** An amount with its unit as printed: 500 mg, 0,75 mg, 1 %. */
export interface Amount {
  value: number;
  unit: string;
}

/** How much active ingredient one dispensing unit holds, or a volume or mass of it holds (250 mg per 5 ml). */
export interface Strength extends Amount {
  per?: Amount;
}

export interface ActiveIngredient {
  /** INN in Vietnamese spelling, as prescriptions must name it (TT 26/2025): "Paracetamol", "Amoxicilin". */
  name: string;
  /** WHO ATC code of the substance (N02BE01): the identity the safety checks compare. */
  atc?: string;
  /** Active-ingredient code of the BHYT drug list (mã hoạt chất), when the facility has it. */
  nationalCode?: string;
  strength?: Strength;
}

export interface InsuranceCoverage {
  covered: boolean;
  /** Share the insurance fund pays under the BHYT drug list, 1–100 (TYLE_TT_BH); 100 when not stated. */
  paymentRatePercent?: number;
  /** Conditions of payment the list attaches to the drug. */
  condition?: string;
}

export interface CatalogueDrug {
  /** The facility's own code for the drug (mã thuốc trong danh mục), unique in its catalogue. */
  code: string;
  /** Name with strength as the prescription prints it: "Paracetamol 500mg". */
  name: string;
  /** Trade name (biệt dược), printed for combinations and when the doctor names the brand. */
  brandName?: string;
  ingredients: ActiveIngredient[];
  /** Dosage form (dạng bào chế): "Viên nén", "Siro". */
  form: string;
  /** Route code of drug-routes.ts: "1.01" Uống. */
  routeCode: string;
  /** Dispensing unit (đơn vị tính): viên, gói, chai, tuýp. */
  unit: string;
  /**
   * What one dispensing unit holds when doses are measured in something else: a 60 ml bottle of syrup dosed in ml,
   * a 200-puff inhaler dosed in puffs. Absent when a dose is counted in dispensing units (1 viên).
   */
  unitContent?: Amount;
  /** National drug code (mã thuốc) the national prescription system knows the drug by. */
  nationalDrugCode?: string;
  controlledClass?: ControlledClass;
  insurance: InsuranceCoverage;
  active: boolean;
}

/** The unit a dose of this drug is measured in: ml for a bottle of syrup, otherwise the dispensing unit. */
export function doseUnitOf(drug: CatalogueDrug): string {
  return drug.unitContent?.unit ?? drug.unit;
}
