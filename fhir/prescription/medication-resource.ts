// A catalogue drug as a FHIR Medication and back. The catalogue code is the Medication's identifier; ingredients
// carry their ATC and BHYT codes; what R4 Medication lacks travels in the extensions of extensions.ts.
import type { CodeableConcept, Coding, Extension, Medication, MedicationIngredient, Quantity } from '@medplum/fhirtypes';
import { DRUG_CATALOGUE_CODE_SYSTEM, NATIONAL_DRUG_CODE_SYSTEM } from '../identifiers/systems.ts';
import { ATC_SYSTEM, SNOMED_SYSTEM, UCUM_SYSTEM, VN_ACTIVE_INGREDIENT_SYSTEM, VN_DRUG_ROUTE_SYSTEM } from '../terminology/code-systems.ts';
import { findDrugRoute } from '../terminology/drug-routes.ts';
import {
  MEDICATION_BRAND_NAME_EXTENSION,
  MEDICATION_CONTROLLED_CLASS_EXTENSION,
  MEDICATION_INSURANCE_EXTENSION,
  MEDICATION_ROUTE_EXTENSION,
  MEDICATION_UNIT_EXTENSION,
} from './extensions.ts';
import type { ActiveIngredient, Amount, CatalogueDrug, ControlledClass } from './medication.ts';

const UCUM_CODE: Record<string, string> = { mg: 'mg', g: 'g', mcg: 'ug', µg: 'ug', ml: 'mL', l: 'L', iu: '[iU]', ui: '[iU]', '%': '%' };

function quantity({ value, unit }: Amount): Quantity {
  const code = UCUM_CODE[unit.toLowerCase()];
  return code ? { value, unit, system: UCUM_SYSTEM, code } : { value, unit };
}

function amountOf(value: Quantity | undefined): Amount | undefined {
  return value?.value === undefined || value.unit === undefined ? undefined : { value: value.value, unit: value.unit };
}

function ingredientConcept(ingredient: ActiveIngredient): CodeableConcept {
  const coding: Coding[] = [];
  if (ingredient.atc) coding.push({ system: ATC_SYSTEM, code: ingredient.atc });
  if (ingredient.nationalCode) coding.push({ system: VN_ACTIVE_INGREDIENT_SYSTEM, code: ingredient.nationalCode });
  return coding.length ? { coding, text: ingredient.name } : { text: ingredient.name };
}

/** The route as a FHIR concept: its code in the BHYT list and the SNOMED CT route where one matches. */
export function routeConcept(routeCode: string): CodeableConcept {
  const route = findDrugRoute(routeCode);
  if (!route) throw new Error(`Unknown route code ${routeCode}`);
  const coding: Coding[] = [{ system: VN_DRUG_ROUTE_SYSTEM, code: route.code, display: route.name }];
  if (route.snomed) coding.push({ system: SNOMED_SYSTEM, ...route.snomed });
  return { coding, text: route.name };
}

function insuranceExtension(drug: CatalogueDrug): Extension {
  const parts: Extension[] = [{ url: 'covered', valueBoolean: drug.insurance.covered }];
  if (drug.insurance.paymentRatePercent !== undefined) parts.push({ url: 'paymentRate', valueDecimal: drug.insurance.paymentRatePercent });
  if (drug.insurance.condition) parts.push({ url: 'condition', valueString: drug.insurance.condition });
  return { url: MEDICATION_INSURANCE_EXTENSION, extension: parts };
}

export function toMedicationResource(drug: CatalogueDrug): Medication {
  const extension: Extension[] = [
    { url: MEDICATION_ROUTE_EXTENSION, valueCodeableConcept: routeConcept(drug.routeCode) },
    { url: MEDICATION_UNIT_EXTENSION, valueString: drug.unit },
  ];
  if (drug.brandName) extension.push({ url: MEDICATION_BRAND_NAME_EXTENSION, valueString: drug.brandName });
  if (drug.controlledClass) extension.push({ url: MEDICATION_CONTROLLED_CLASS_EXTENSION, valueCode: drug.controlledClass });
  extension.push(insuranceExtension(drug));
  const medication: Medication = {
    resourceType: 'Medication',
    extension,
    identifier: [{ system: DRUG_CATALOGUE_CODE_SYSTEM, value: drug.code }],
    code: drug.nationalDrugCode
      ? { coding: [{ system: NATIONAL_DRUG_CODE_SYSTEM, code: drug.nationalDrugCode, display: drug.name }], text: drug.name }
      : { text: drug.name },
    status: drug.active ? 'active' : 'inactive',
    form: { text: drug.form },
    ingredient: drug.ingredients.map((ingredient): MedicationIngredient => {
      const item: MedicationIngredient = { itemCodeableConcept: ingredientConcept(ingredient), isActive: true };
      if (ingredient.strength) {
        // "500mg" is per dispensing unit; a percentage is a concentration, per nothing in particular.
        const per = ingredient.strength.per ?? (ingredient.strength.unit === '%' ? undefined : { value: 1, unit: drug.unit });
        item.strength = { numerator: quantity(ingredient.strength), denominator: per ? quantity(per) : { value: 1 } };
      }
      return item;
    }),
  };
  if (drug.unitContent) medication.amount = { numerator: quantity(drug.unitContent), denominator: { value: 1, unit: drug.unit } };
  return medication;
}

function extensionOf(medication: Medication, url: string): Extension | undefined {
  return medication.extension?.find((extension) => extension.url === url);
}

function ingredientOf(ingredient: MedicationIngredient, unit: string): ActiveIngredient {
  const codings = ingredient.itemCodeableConcept?.coding ?? [];
  const result: ActiveIngredient = { name: ingredient.itemCodeableConcept?.text ?? codings[0]?.display ?? '' };
  const atc = codings.find((coding) => coding.system === ATC_SYSTEM)?.code;
  const nationalCode = codings.find((coding) => coding.system === VN_ACTIVE_INGREDIENT_SYSTEM)?.code;
  if (atc) result.atc = atc;
  if (nationalCode) result.nationalCode = nationalCode;
  const amount = amountOf(ingredient.strength?.numerator);
  const per = amountOf(ingredient.strength?.denominator);
  if (amount) result.strength = per && !(per.value === 1 && per.unit === unit) ? { ...amount, per } : amount;
  return result;
}

/** The catalogue drug a Medication written by toMedicationResource describes; undefined for a Medication without one. */
export function fromMedicationResource(medication: Medication): CatalogueDrug | undefined {
  const code = medication.identifier?.find((identifier) => identifier.system === DRUG_CATALOGUE_CODE_SYSTEM)?.value;
  const unit = extensionOf(medication, MEDICATION_UNIT_EXTENSION)?.valueString;
  const routeCode = extensionOf(medication, MEDICATION_ROUTE_EXTENSION)?.valueCodeableConcept?.coding?.find(
    (coding) => coding.system === VN_DRUG_ROUTE_SYSTEM,
  )?.code;
  if (!code || !unit || !routeCode) return undefined;
  const insurance = extensionOf(medication, MEDICATION_INSURANCE_EXTENSION)?.extension ?? [];
  const part = (url: string) => insurance.find((extension) => extension.url === url);
  const drug: CatalogueDrug = {
    code,
    name: medication.code?.text ?? '',
    ingredients: (medication.ingredient ?? []).map((ingredient) => ingredientOf(ingredient, unit)),
    form: medication.form?.text ?? '',
    routeCode,
    unit,
    insurance: { covered: part('covered')?.valueBoolean ?? false },
    active: medication.status !== 'inactive',
  };
  const brandName = extensionOf(medication, MEDICATION_BRAND_NAME_EXTENSION)?.valueString;
  const controlledClass = extensionOf(medication, MEDICATION_CONTROLLED_CLASS_EXTENSION)?.valueCode;
  const nationalDrugCode = medication.code?.coding?.find((coding) => coding.system === NATIONAL_DRUG_CODE_SYSTEM)?.code;
  const unitContent = amountOf(medication.amount?.numerator);
  const paymentRate = part('paymentRate')?.valueDecimal;
  const condition = part('condition')?.valueString;
  if (brandName) drug.brandName = brandName;
  if (controlledClass) drug.controlledClass = controlledClass as ControlledClass;
  if (nationalDrugCode) drug.nationalDrugCode = nationalDrugCode;
  if (unitContent) drug.unitContent = unitContent;
  if (paymentRate !== undefined) drug.insurance.paymentRatePercent = paymentRate;
  if (condition) drug.insurance.condition = condition;
  return drug;
}
