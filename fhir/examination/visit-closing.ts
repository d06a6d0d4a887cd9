// Closing a visit: its outcome, the follow-up date and the advice given, written onto the finished Encounter. The
// outcome is R4's Encounter.hospitalization.dischargeDisposition (HL7 discharge-disposition codes, which every FHIR
// peer reads; "admitted" has no code of its own there and is `oth` with its text). R4 Encounter has no element for a
// follow-up date or the advice, and the VN Core IG defines none: two Sen extensions carry them. Choosing "referred"
// only records the intent; the referral itself (a ServiceRequest to the receiving facility) is the exchange issue's.
import type { Encounter } from '@medplum/fhirtypes';

const SEN = 'https://sen.health.vn/fhir/StructureDefinition';
/** valueDate: when the patient should come back (ngày hẹn tái khám). */
export const FOLLOW_UP_EXTENSION = `${SEN}/encounter-follow-up-date`;
/** valueString: the advice given at the end of the visit (lời dặn). */
export const ADVICE_EXTENSION = `${SEN}/encounter-advice`;
export const DISCHARGE_DISPOSITION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/discharge-disposition';

export const VISIT_OUTCOMES = {
  home: { code: 'home', display: 'Home', text: 'Về nhà' },
  referred: { code: 'other-hcf', display: 'Other healthcare facility', text: 'Chuyển tuyến' },
  admitted: { code: 'oth', display: 'Other', text: 'Nhập viện điều trị nội trú' },
  'against-advice': { code: 'aadvice', display: 'Left against advice', text: 'Tự ý bỏ về' },
} as const;

export type VisitOutcome = keyof typeof VISIT_OUTCOMES;

export interface VisitClosing {
  outcome: VisitOutcome;
  /** YYYY-MM-DD, after the day of the visit. */
  followUp?: string;
  advice?: string;
}

export const MAX_ADVICE = 2000;

/** Thrown for a closing that cannot be recorded; the message says why, in English for the API. */
export class VisitClosingError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads a closing from a request body; `today` (YYYY-MM-DD, Vietnam) bounds the follow-up date. */
export function readVisitClosing(body: unknown, today: string): VisitClosing {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new VisitClosingError('Send the closing as a JSON object');
  const { outcome, followUp, advice } = body as Record<string, unknown>;
  if (typeof outcome !== 'string' || !Object.hasOwn(VISIT_OUTCOMES, outcome)) {
    throw new VisitClosingError(`"outcome" must be one of ${Object.keys(VISIT_OUTCOMES).join(', ')}`);
  }
  const closing: VisitClosing = { outcome: outcome as VisitOutcome };
  if (followUp !== undefined && followUp !== '') {
    if (typeof followUp !== 'string' || !DATE.test(followUp) || Number.isNaN(Date.parse(followUp))) throw new VisitClosingError('"followUp" must be a date, YYYY-MM-DD');
    if (followUp <= today) throw new VisitClosingError('"followUp" must be after today');
    closing.followUp = followUp;
  }
  if (advice !== undefined) {
    if (typeof advice !== 'string') throw new VisitClosingError('"advice" must be text');
    if (advice.length > MAX_ADVICE) throw new VisitClosingError(`"advice" is at most ${MAX_ADVICE} characters`);
    if (advice.trim()) closing.advice = advice.trim();
  }
  return closing;
}

/** The finished Encounter with the closing written on it (earlier closing extensions replaced). */
export function closedEncounter(encounter: Encounter, closing: VisitClosing): Encounter {
  const outcome = VISIT_OUTCOMES[closing.outcome];
  const extension = (encounter.extension ?? []).filter((entry) => entry.url !== FOLLOW_UP_EXTENSION && entry.url !== ADVICE_EXTENSION);
  if (closing.followUp) extension.push({ url: FOLLOW_UP_EXTENSION, valueDate: closing.followUp });
  if (closing.advice) extension.push({ url: ADVICE_EXTENSION, valueString: closing.advice });
  const closed: Encounter = {
    ...encounter,
    hospitalization: {
      ...encounter.hospitalization,
      dischargeDisposition: { coding: [{ system: DISCHARGE_DISPOSITION_SYSTEM, code: outcome.code, display: outcome.display }], text: outcome.text },
    },
  };
  if (extension.length) closed.extension = extension;
  else delete closed.extension;
  return closed;
}
