// The patient chart: one page of a patient's visits (newest first), each with its diagnoses, prescriptions (the
// MedicationRequests grouped by national prescription code) and vital signs, and the blood-pressure and weight points
// of those visits for the trend chart. Pure: the caller searched the resources.
import type { Condition, Encounter, MedicationRequest, Observation } from '@medplum/fhirtypes';
import { PRESCRIPTION_CODE_SYSTEM } from '../identifiers/systems.ts';
import { VITAL_SIGNS, type VitalKey } from '../examination/vitals.ts';

export interface ChartDiagnosis {
  code: string;
  display: string;
  /** The visit's main diagnosis (rank 1 on the Encounter). */
  main: boolean;
}

export interface ChartPrescription {
  /** The national prescription code (groupIdentifier). */
  code: string;
  /** active, cancelled, completed…: the status of its MedicationRequests (the first one's when they differ). */
  status: string;
  authoredOn?: string;
  drugs: { name: string; dosage: string }[];
}

export type ChartVitals = Partial<Record<VitalKey, number>>;

export interface ChartVisit {
  id: string;
  status: string;
  start?: string;
  end?: string;
  reason?: string;
  diagnoses: ChartDiagnosis[];
  prescriptions: ChartPrescription[];
  vitals: ChartVitals;
}

export interface TrendPoint {
  date: string;
  systolic?: number;
  diastolic?: number;
  weight?: number;
}

export interface PatientChart {
  patientId: string;
  visits: ChartVisit[];
  /** Oldest first, for the chart. */
  trend: TrendPoint[];
  /** Asks for the next (older) page (opaque); absent on the last page. */
  nextPage?: string;
}

export interface ChartSources {
  patientId: string;
  /** The page's visits, newest first. */
  encounters: Encounter[];
  conditions: Condition[];
  requests: MedicationRequest[];
  observations: Observation[];
  /** Where the next (older) page starts, when there are older visits than this page's. */
  nextPage?: string;
}

const conceptText = (concept: { text?: string; coding?: { display?: string; code?: string }[] } | undefined): string =>
  concept?.text ?? concept?.coding?.[0]?.display ?? concept?.coding?.[0]?.code ?? '';

const encounterId = (reference: string | undefined): string | undefined =>
  reference?.startsWith('Encounter/') ? reference.slice('Encounter/'.length) : undefined;

const withdrawn = (condition: Condition): boolean =>
  ['entered-in-error', 'refuted'].includes(condition.verificationStatus?.coding?.[0]?.code ?? '');

function diagnosesOf(encounter: Encounter, conditions: Condition[]): ChartDiagnosis[] {
  const rank = (condition: Condition) => encounter.diagnosis?.find((d) => d.condition?.reference === `Condition/${condition.id}`)?.rank ?? 99;
  return conditions
    .filter((condition) => !withdrawn(condition))
    .sort((a, b) => rank(a) - rank(b))
    .map((condition) => ({ code: condition.code?.coding?.[0]?.code ?? '', display: conceptText(condition.code), main: rank(condition) === 1 }));
}

function prescriptionsOf(requests: MedicationRequest[]): ChartPrescription[] {
  const groups = new Map<string, MedicationRequest[]>();
  for (const request of requests) {
    const code = request.groupIdentifier?.system === PRESCRIPTION_CODE_SYSTEM ? request.groupIdentifier.value : undefined;
    if (!code || request.status === 'entered-in-error') continue;
    groups.set(code, [...(groups.get(code) ?? []), request]);
  }
  return [...groups].map(([code, group]) => ({
    code,
    status: group[0].status,
    authoredOn: group[0].authoredOn,
    drugs: group.map((request) => ({
      name: request.medicationReference?.display ?? conceptText(request.medicationCodeableConcept),
      dosage: request.dosageInstruction?.[0]?.text ?? '',
    })),
  })).sort((a, b) => (b.authoredOn ?? '').localeCompare(a.authoredOn ?? ''));
}

const LOINC_KEYS = new Map<string, VitalKey>(Object.entries(VITAL_SIGNS).map(([key, sign]) => [sign.loinc, key as VitalKey]));

function vitalsOf(observations: Observation[]): ChartVitals {
  const vitals: ChartVitals = {};
  const put = (code: string | undefined, value: number | undefined) => {
    const key = code ? LOINC_KEYS.get(code) : undefined;
    if (key && value !== undefined) vitals[key] = value;
  };
  for (const observation of observations) {
    if (observation.status === 'entered-in-error' || observation.status === 'cancelled') continue;
    put(observation.code?.coding?.[0]?.code, observation.valueQuantity?.value);
    for (const component of observation.component ?? []) put(component.code?.coding?.[0]?.code, component.valueQuantity?.value);
  }
  return vitals;
}

function groupBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const id = key(item);
    if (id !== undefined) groups.set(id, [...(groups.get(id) ?? []), item]);
  }
  return groups;
}

export function patientChart(sources: ChartSources): PatientChart {
  const conditions = groupBy(sources.conditions, (condition) => encounterId(condition.encounter?.reference));
  const requests = groupBy(sources.requests, (request) => encounterId(request.encounter?.reference));
  const observations = groupBy(sources.observations, (observation) => encounterId(observation.encounter?.reference));
  const visits = sources.encounters.map((encounter): ChartVisit => {
    const id = encounter.id ?? '';
    const visit: ChartVisit = {
      id,
      status: encounter.status,
      diagnoses: diagnosesOf(encounter, conditions.get(id) ?? []),
      prescriptions: prescriptionsOf(requests.get(id) ?? []),
      vitals: vitalsOf(observations.get(id) ?? []),
    };
    if (encounter.period?.start) visit.start = encounter.period.start;
    if (encounter.period?.end) visit.end = encounter.period.end;
    const reason = encounter.reasonCode?.map(conceptText).filter(Boolean).join('; ');
    if (reason) visit.reason = reason;
    return visit;
  });
  const trend = visits
    .filter((visit) => visit.start && (visit.vitals.systolic !== undefined || visit.vitals.weight !== undefined))
    .map((visit): TrendPoint => ({ date: visit.start!, systolic: visit.vitals.systolic, diastolic: visit.vitals.diastolic, weight: visit.vitals.weight }))
    .reverse();
  const chart: PatientChart = { patientId: sources.patientId, visits, trend };
  if (sources.nextPage) chart.nextPage = sources.nextPage;
  return chart;
}
