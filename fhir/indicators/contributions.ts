// What one resource contributes to the indicators, decided from the resource alone so that it can be written with
// the resource (an edit or a deletion replaces it) and rebuilt from the stored resources by a recount.
import type { Condition, Encounter, Patient } from '@medplum/fhirtypes';
import { addressUnitCodes } from '../terminology/address.ts';
import { ICD10_SYSTEM } from '../terminology/code-systems.ts';
import { paymentOf } from '../registration/visit.ts';
import { DISCHARGE_DISPOSITION_SYSTEM } from '../examination/visit-closing.ts';
import { vnDate } from '../vietnam-time.ts';
import { fullBirthDate } from './age-groups.ts';
import { notifiableDiseaseOf } from './notifiable-diseases.ts';
import type { MeasureId } from './catalogue.ts';

/** One event counted by a measure: a visit, a diagnosis, a notifiable case. */
export interface IndicatorFact {
  measure: MeasureId;
  /** Vietnamese calendar day of the event, YYYY-MM-DD. */
  day: string;
  /** The measure's own disaggregation: how the visit is paid, the ICD-10 code, the disease. */
  dimension: string;
  patientId: string | null;
}

/** What age group and commune of residence are derived from, joined to facts when they are aggregated. */
export interface PatientDemographics {
  sex: string | null;
  /** Full date (see fullBirthDate). */
  birthDate: string | null;
  communeCode: string | null;
}

export interface IndicatorContributions {
  facts: IndicatorFact[];
  /** Present for a Patient. */
  demographics?: PatientDemographics;
}

export const NO_CONTRIBUTIONS: IndicatorContributions = { facts: [] };

/** Visits that did not take place do not count. */
const VISIT_NOT_HELD = new Set(['planned', 'cancelled', 'entered-in-error']);
const NOT_A_DIAGNOSIS = new Set(['entered-in-error', 'refuted']);

const patientOf = (reference: string | undefined) => (reference?.startsWith('Patient/') ? reference.slice('Patient/'.length) : null);
function dayOf(dateTime: string | undefined): string | undefined {
  if (!dateTime) return undefined;
  // A date without a time is already a calendar day.
  if (/^\d{4}-\d{2}-\d{2}$/.test(dateTime)) return dateTime;
  const epochMs = Date.parse(dateTime);
  return Number.isNaN(epochMs) ? undefined : vnDate(epochMs);
}

/** A visit held counts on the day of arrival; once closed, its outcome (a referral out among them) counts too. */
function encounterFacts(encounter: Encounter): IndicatorFact[] {
  const day = dayOf(encounter.period?.start);
  if (encounter.class?.code !== 'AMB' || VISIT_NOT_HELD.has(encounter.status) || !day) return [];
  const patientId = patientOf(encounter.subject?.reference);
  const facts: IndicatorFact[] = [{ measure: 'outpatient-visits', day, dimension: paymentOf(encounter) ?? 'unknown', patientId }];
  const outcome = encounter.hospitalization?.dischargeDisposition?.coding?.find((coding) => coding.system === DISCHARGE_DISPOSITION_SYSTEM)?.code;
  if (outcome) facts.push({ measure: 'visit-outcomes', day, dimension: outcome, patientId });
  return facts;
}

/** An encounter diagnosis counts on the day it was recorded; a notifiable one counts as a case too. */
function conditionFacts(condition: Condition): IndicatorFact[] {
  const isEncounterDiagnosis = condition.category?.some((category) => category.coding?.some((coding) => coding.code === 'encounter-diagnosis'));
  const verification = condition.verificationStatus?.coding?.[0]?.code;
  const code = condition.code?.coding?.find((coding) => coding.system === ICD10_SYSTEM)?.code;
  const day = dayOf(condition.recordedDate ?? condition.onsetDateTime);
  if (!isEncounterDiagnosis || (verification && NOT_A_DIAGNOSIS.has(verification)) || !code || !day) return [];
  const patientId = patientOf(condition.subject?.reference);
  const facts: IndicatorFact[] = [{ measure: 'diagnoses', day, dimension: code, patientId }];
  const disease = notifiableDiseaseOf(code);
  if (disease) facts.push({ measure: 'notifiable-diseases', day, dimension: disease.id, patientId });
  return facts;
}

function demographics(patient: Patient): PatientDemographics {
  const home = patient.address?.find((address) => address.use === 'home') ?? patient.address?.[0];
  return {
    sex: patient.gender ?? null,
    birthDate: fullBirthDate(patient.birthDate) ?? null,
    communeCode: (home && addressUnitCodes(home).communeCode) ?? null,
  };
}

export function indicatorContributions(resource: { resourceType: string }): IndicatorContributions {
  switch (resource.resourceType) {
    case 'Encounter': return { facts: encounterFacts(resource as Encounter) };
    case 'Condition': return { facts: conditionFacts(resource as Condition) };
    case 'Patient': return { facts: [], demographics: demographics(resource as Patient) };
    default: return NO_CONTRIBUTIONS;
  }
}

/** The resource types that contribute anything: what a recount reads. */
export const CONTRIBUTING_TYPES: readonly string[] = ['Patient', 'Encounter', 'Condition'];
