// One drug of a prescription as a FHIR MedicationRequest. The drugs of one prescription share the national
// prescription code as groupIdentifier: that is what makes them one prescription.
import type { Coding, Condition, Encounter, Medication, MedicationRequest, Patient, Practitioner, Reference } from '@medplum/fhirtypes';
import { PRESCRIPTION_CODE_SYSTEM } from '../identifiers/systems.ts';
import { ATC_SYSTEM, MEDICATION_REQUEST_CATEGORY_SYSTEM } from '../terminology/code-systems.ts';
import { courseDuration, type BuiltDosage } from './dosage.ts';
import type { CatalogueDrug } from './medication.ts';

export interface PrescriptionContext {
  /** National prescription code (mã đơn thuốc). */
  code: string;
  /** FHIR dateTime of signing. */
  authoredOn: string;
  status: MedicationRequest['status'];
  subject: Reference<Patient>;
  encounter?: Reference<Encounter>;
  requester: Reference<Practitioner>;
  /** The diagnoses the drugs treat. */
  reasons: readonly Reference<Condition>[];
  /** Lời dặn, written on every drug of the prescription. */
  advice?: string;
}

export interface PrescribedDrug {
  drug: CatalogueDrug;
  /** The catalogue's Medication resource, when the catalogue is stored; else the drug is described inline. */
  medication?: Reference<Medication>;
  dosage: BuiltDosage;
}

function inlineMedication(drug: CatalogueDrug): MedicationRequest['medicationCodeableConcept'] {
  const coding: Coding[] = drug.ingredients.flatMap((ingredient) => (ingredient.atc ? [{ system: ATC_SYSTEM, code: ingredient.atc }] : []));
  return coding.length ? { coding, text: drug.name } : { text: drug.name };
}

/** Thrown when the quantity to dispense is neither computed by the dosage builder nor given by the doctor. */
export class MissingQuantityError extends Error {}

export function prescriptionRequest(context: PrescriptionContext, prescribed: PrescribedDrug): MedicationRequest {
  const { drug, dosage } = prescribed;
  if (dosage.quantity === undefined) throw new MissingQuantityError(`State how many ${drug.unit} of ${drug.name} to dispense`);
  const request: MedicationRequest = {
    resourceType: 'MedicationRequest',
    groupIdentifier: { system: PRESCRIPTION_CODE_SYSTEM, value: context.code },
    status: context.status,
    intent: 'order',
    category: [{ coding: [{ system: MEDICATION_REQUEST_CATEGORY_SYSTEM, code: 'outpatient', display: 'Outpatient' }] }],
    ...(prescribed.medication ? { medicationReference: { ...prescribed.medication, display: drug.name } } : { medicationCodeableConcept: inlineMedication(drug) }),
    subject: context.subject,
    authoredOn: context.authoredOn,
    requester: context.requester,
    dosageInstruction: [dosage.dosage],
    dispenseRequest: {
      quantity: { value: dosage.quantity, unit: drug.unit },
      expectedSupplyDuration: courseDuration(dosage.days),
    },
  };
  if (context.encounter) request.encounter = context.encounter;
  if (context.reasons.length) request.reasonReference = [...context.reasons];
  if (context.advice) request.note = [{ text: context.advice }];
  return request;
}
