// One signed prescription read from its FHIR resources, in the terms the paper and the national system use: who
// prescribed it where, for whom, for what, which drugs and how. Both the printed PDF and the QĐ 808 payload are made
// from this, so they cannot disagree.
import type {
  Address,
  Condition,
  ContactPoint,
  Coverage,
  Medication,
  MedicationRequest,
  Observation,
  Organization,
  Patient,
  Practitioner,
} from '@medplum/fhirtypes';
import { parsePrescriptionCode, type PrescriptionType } from '../identifiers/prescription-code.ts';
import {
  BHYT_CARD_SYSTEM,
  CCCD_SYSTEM,
  DTQG_DOCTOR_LINK_CODE_SYSTEM,
  DTQG_FACILITY_LINK_CODE_SYSTEM,
  FACILITY_CODE_SYSTEM,
  PRACTITIONER_LICENCE_SYSTEM,
  PRESCRIPTION_CODE_SYSTEM,
  SOCIAL_INSURANCE_NUMBER_SYSTEM,
} from '../identifiers/systems.ts';
import { displayName } from '../registration/patient-summary.ts';
import { ICD10_SYSTEM, LOINC_SYSTEM } from '../terminology/code-systems.ts';
import { findIcd10 } from '../terminology/icd10.ts';
import { fromMedicationResource } from './medication-resource.ts';

/** The resources of one prescription. Conditions come main diagnosis first. */
export interface PrescriptionResources {
  /** The MedicationRequests sharing one national prescription code (groupIdentifier). */
  requests: readonly MedicationRequest[];
  patient: Patient;
  practitioner: Practitioner;
  organization: Organization;
  conditions: readonly Condition[];
  /** The catalogue Medications the requests reference. */
  medications?: readonly Medication[];
  /** The body weight measured at the visit (required for children under 72 months). */
  weight?: Observation;
  /** The BHYT card, when the Patient does not carry it. */
  coverage?: Coverage;
}

export interface RecordPerson {
  name: string;
  phone?: string;
  address?: string;
}

export interface PrescriptionRecord {
  code: string;
  type: PrescriptionType;
  /** FHIR dateTime the prescription was signed (authoredOn). */
  authoredOn: string;
  /** Set once the prescription is cancelled (revised or withdrawn): why, as recorded. A cancelled paper says so. */
  cancelled?: { reason: string };
  facility: { code: string; name: string; address?: string; phone?: string; nationalLinkCode?: string };
  doctor: { name: string; licence?: string; nationalLinkCode?: string };
  patient: {
    name: string;
    /** FHIR date. */
    birthDate: string;
    gender: Patient['gender'];
    cccd?: string;
    socialInsuranceNumber?: string;
    insuranceCardNumber?: string;
    address?: string;
    phone?: string;
    weightKg?: number;
    /** Who brought a young child (Patient.contact). */
    guardian?: RecordPerson & { relationship?: string };
  };
  diagnoses: { code: string; display: string; conclusion?: string }[];
  lines: {
    name: string;
    brandName?: string;
    nationalDrugCode?: string;
    unit: string;
    quantity: number;
    instruction: string;
    days?: number;
  }[];
  /** Lời dặn: the notes written on the requests. */
  advice?: string;
}

export class PrescriptionRecordError extends Error {}

const BODY_WEIGHT_LOINC = '29463-7';

function addressText(addresses: readonly Address[] | undefined): string | undefined {
  const address = addresses?.[0];
  if (!address) return undefined;
  return address.text ?? ([...(address.line ?? []), address.city, address.state].filter(Boolean).join(', ') || undefined);
}

function phone(telecom: readonly ContactPoint[] | undefined): string | undefined {
  return telecom?.find((point) => point.system === 'phone')?.value;
}

function identifierValue(resource: { identifier?: { system?: string; value?: string }[] } | undefined, system: string): string | undefined {
  return resource?.identifier?.find((identifier) => identifier.system === system)?.value;
}

/** Sets the properties whose value is defined, so that absent data stays absent rather than `undefined`. */
function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) Object.assign(target, { [key]: value });
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === '') throw new PrescriptionRecordError(`The prescription has no ${what}`);
  return value;
}

/** Body weight in kg of a LOINC 29463-7 Observation; undefined for anything else. */
export function bodyWeightKg(observation: Observation | undefined): number | undefined {
  if (!observation?.code?.coding?.some((coding) => coding.system === LOINC_SYSTEM && coding.code === BODY_WEIGHT_LOINC)) return undefined;
  const quantity = observation.valueQuantity;
  if (quantity?.value === undefined) return undefined;
  return quantity.code === 'g' ? quantity.value / 1000 : quantity.value;
}

export function guardianOf(patient: Patient): PrescriptionRecord['patient']['guardian'] {
  const contact = patient.contact?.find((candidate) => candidate.name);
  if (!contact?.name) return undefined;
  const guardian: NonNullable<PrescriptionRecord['patient']['guardian']> = { name: displayName({ name: [contact.name] }) };
  assignDefined(guardian, {
    phone: phone(contact.telecom),
    address: contact.address ? addressText([contact.address]) : undefined,
    relationship: contact.relationship?.[0]?.text,
  });
  return guardian;
}

function diagnosisOf(condition: Condition): PrescriptionRecord['diagnoses'][number] {
  const coding = condition.code?.coding?.find((candidate) => candidate.system === ICD10_SYSTEM);
  const code = required(coding?.code, 'ICD-10 code on a diagnosis');
  const display = coding?.display ?? findIcd10(code)?.display ?? condition.code?.text ?? code;
  const conclusion = condition.note?.[0]?.text;
  return conclusion ? { code, display, conclusion } : { code, display };
}

function lineOf(request: MedicationRequest, medications: ReadonlyMap<string, Medication>): PrescriptionRecord['lines'][number] {
  const reference = request.medicationReference?.reference;
  const medication = reference ? medications.get(reference) : undefined;
  const drug = medication ? fromMedicationResource(medication) : undefined;
  const quantity = request.dispenseRequest?.quantity;
  const line: PrescriptionRecord['lines'][number] = {
    name: required(drug?.name ?? request.medicationCodeableConcept?.text ?? request.medicationReference?.display, 'drug name'),
    unit: required(quantity?.unit ?? drug?.unit, 'dispensing unit'),
    quantity: required(quantity?.value, 'quantity to dispense'),
    instruction: required(request.dosageInstruction?.[0]?.text, 'dosage instruction'),
  };
  assignDefined(line, {
    brandName: drug?.brandName,
    nationalDrugCode: drug?.nationalDrugCode,
    days: request.dispenseRequest?.expectedSupplyDuration?.value ?? request.dosageInstruction?.[0]?.timing?.repeat?.boundsDuration?.value,
  });
  return line;
}

export function readPrescription(resources: PrescriptionResources): PrescriptionRecord {
  const { requests, patient, practitioner, organization } = resources;
  if (requests.length === 0) throw new PrescriptionRecordError('The prescription has no drugs');
  const codes = new Set(requests.map((request) => request.groupIdentifier?.system === PRESCRIPTION_CODE_SYSTEM ? request.groupIdentifier.value : undefined));
  const [codeValue] = codes;
  if (codes.size !== 1 || !codeValue) throw new PrescriptionRecordError('The requests of a prescription must share one national prescription code');
  const code = parsePrescriptionCode(codeValue);
  if (!code) throw new PrescriptionRecordError(`Not a national prescription code: ${codeValue}`);
  const medications = new Map((resources.medications ?? []).map((medication) => [`Medication/${medication.id}`, medication]));
  const advice = [...new Set(requests.flatMap((request) => request.note?.map((note) => note.text) ?? []))].join(' ');

  const record: PrescriptionRecord = {
    code: code.value,
    type: code.type,
    authoredOn: required(requests[0].authoredOn, 'signing time (authoredOn)'),
    facility: {
      code: required(identifierValue(organization, FACILITY_CODE_SYSTEM), 'facility code'),
      name: required(organization.name, 'facility name'),
    },
    doctor: { name: required(displayName(practitioner), "doctor's name") },
    patient: {
      name: required(displayName(patient), "patient's name"),
      birthDate: required(patient.birthDate, "patient's date of birth"),
      gender: patient.gender,
    },
    diagnoses: resources.conditions.map(diagnosisOf),
    lines: requests.map((request) => lineOf(request, medications)),
  };
  if (record.diagnoses.length === 0) throw new PrescriptionRecordError('The prescription has no diagnosis');

  assignDefined(record.facility, {
    address: addressText(organization.address),
    phone: phone(organization.telecom),
    nationalLinkCode: identifierValue(organization, DTQG_FACILITY_LINK_CODE_SYSTEM),
  });
  assignDefined(record.doctor, {
    licence: identifierValue(practitioner, PRACTITIONER_LICENCE_SYSTEM),
    nationalLinkCode: identifierValue(practitioner, DTQG_DOCTOR_LINK_CODE_SYSTEM),
  });
  assignDefined(record.patient, {
    cccd: identifierValue(patient, CCCD_SYSTEM),
    socialInsuranceNumber: identifierValue(patient, SOCIAL_INSURANCE_NUMBER_SYSTEM),
    insuranceCardNumber: identifierValue(patient, BHYT_CARD_SYSTEM) ?? identifierValue(resources.coverage, BHYT_CARD_SYSTEM),
    address: addressText(patient.address),
    phone: phone(patient.telecom),
    weightKg: bodyWeightKg(resources.weight),
    guardian: guardianOf(patient),
  });
  assignDefined(record, {
    advice: advice || undefined,
    cancelled: requests[0].status === 'cancelled' ? { reason: requests[0].statusReason?.text ?? '' } : undefined,
  });
  return record;
}
