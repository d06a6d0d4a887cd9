// A visit registered at the desk as a FHIR Encounter: who, which room, why, who pays, how urgent, and the queue
// number the patient holds (an identifier valid for that room on that day).
import type { Appointment, Coverage, Encounter, Extension, Location, Organization, Patient, Reference } from '@medplum/fhirtypes';
import { V3_ACT_CODE_SYSTEM } from '../terminology/code-systems.ts';
import { ELDERLY_PRIORITY_AGE, VISIT_PRIORITIES, type VisitPriority } from './code-lists.ts';
import type { PatientSummary } from './patient-summary.ts';

/** Sen-defined: the queue number (số thứ tự) of a visit, unique per room and day. */
export const QUEUE_NUMBER_SYSTEM = 'https://sen.health.vn/fhir/sid/queue-number';
/** Sen-defined: why the patient is seen ahead of others. */
export const VISIT_PRIORITY_SYSTEM = 'https://sen.health.vn/fhir/CodeSystem/visit-priority';
export const ACT_PRIORITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';
/** Sen-defined: how the visit is paid (BHYT or the patient), and the card it is paid by. */
export const VISIT_PAYMENT_EXTENSION = 'https://sen.health.vn/fhir/StructureDefinition/visit-payment';
export const VISIT_PAYMENT_SYSTEM = 'https://sen.health.vn/fhir/CodeSystem/visit-payment';

export type VisitPayment = 'insurance' | 'self-pay';

export const PAYMENT_LABELS: Record<VisitPayment, { vi: string; en: string }> = {
  insurance: { vi: 'Bảo hiểm y tế', en: 'Health insurance' },
  'self-pay': { vi: 'Thu phí', en: 'Self-pay' },
};

export const MAX_REASON_LENGTH = 500;

/** A consulting room a visit is queued for, as the desk lists them. */
export interface Room {
  id: string;
  name: string;
  facilityId: string | null;
  facilityName?: string;
}

/** What the desk gets back on registering a visit: the ticket. */
export interface RegisteredVisit {
  encounterId: string;
  number: number;
  day: string;
  room: { id: string; name: string };
  patient: PatientSummary;
  priority: VisitPriority;
  payment: VisitPayment;
}

export interface VisitFacts {
  patient: Reference<Patient>;
  room: Reference<Location>;
  facility?: Reference<Organization>;
  reason: string;
  payment: VisitPayment;
  coverage?: Reference<Coverage>;
  priority: VisitPriority;
  queueNumber: number;
  /** YYYY-MM-DD, the day the number is for. */
  day: string;
  /** FHIR dateTime of arrival. */
  arrived: string;
  /** The booking the patient came for, when the visit is an appointment checked in. */
  appointment?: Reference<Appointment>;
}

export function queueIdentifierValue(day: string, queueNumber: number): string {
  return `${day.replaceAll('-', '')}-${String(queueNumber).padStart(3, '0')}`;
}

/** How a visit (or a visit booked ahead) is paid, as the Sen extension both Encounter and Appointment carry. */
export function paymentExtension(payment: VisitPayment, coverage?: Reference<Coverage>): Extension {
  return {
    url: VISIT_PAYMENT_EXTENSION,
    extension: [
      { url: 'type', valueCoding: { system: VISIT_PAYMENT_SYSTEM, code: payment, display: PAYMENT_LABELS[payment].vi } },
      ...(coverage ? [{ url: 'coverage', valueReference: coverage }] : []),
    ],
  };
}

export function encounterForVisit(facts: VisitFacts): Encounter {
  const priority = VISIT_PRIORITIES.find((candidate) => candidate.code === facts.priority)!;
  const encounter: Encounter = {
    resourceType: 'Encounter',
    extension: [paymentExtension(facts.payment, facts.coverage)],
    identifier: [{
      use: 'usual',
      type: { text: 'Số thứ tự khám' },
      system: QUEUE_NUMBER_SYSTEM,
      value: queueIdentifierValue(facts.day, facts.queueNumber),
      period: { start: facts.day, end: facts.day },
    }],
    status: 'arrived',
    class: { system: V3_ACT_CODE_SYSTEM, code: 'AMB', display: 'ambulatory' },
    priority: {
      coding: [
        { system: VISIT_PRIORITY_SYSTEM, code: priority.code, display: priority.vi },
        ...(priority.code === 'emergency' ? [{ system: ACT_PRIORITY_SYSTEM, code: 'EM', display: 'emergency' }] : []),
      ],
      text: priority.vi,
    },
    subject: facts.patient,
    period: { start: facts.arrived },
    location: [{ location: facts.room, status: 'planned' }],
  };
  const reason = facts.reason.trim();
  if (reason) encounter.reasonCode = [{ text: reason }];
  if (facts.facility) encounter.serviceProvider = facts.facility;
  if (facts.appointment) encounter.appointment = [facts.appointment];
  return encounter;
}

/** The queue number an Encounter carries, if any. */
export function queueNumberOf(encounter: Encounter): number | undefined {
  const value = encounter.identifier?.find((identifier) => identifier.system === QUEUE_NUMBER_SYSTEM)?.value;
  const match = value ? /-(\d+)$/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

export function priorityOf(encounter: Encounter): VisitPriority {
  const code = encounter.priority?.coding?.find((coding) => coding.system === VISIT_PRIORITY_SYSTEM)?.code;
  return (VISIT_PRIORITIES.find((candidate) => candidate.code === code)?.code ?? 'none') as VisitPriority;
}

export function paymentOf(resource: { extension?: Extension[] }): VisitPayment | undefined {
  const code = resource.extension?.find((extension) => extension.url === VISIT_PAYMENT_EXTENSION)
    ?.extension?.find((extension) => extension.url === 'type')?.valueCoding?.code;
  return code === 'insurance' || code === 'self-pay' ? code : undefined;
}

/** The priority the desk suggests for a patient of this age (the clerk may change it). */
export function suggestedPriority(ageYears: number | undefined): VisitPriority {
  if (ageYears === undefined) return 'none';
  if (ageYears < 6) return 'child-under-6';
  if (ageYears >= ELDERLY_PRIORITY_AGE) return 'elderly';
  return 'none';
}
