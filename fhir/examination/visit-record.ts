// What the examination screen saves for a visit, as one FHIR transaction: the vital signs, the clinical note
// (a Composition with the reason, history, findings, assessment and plan), the diagnoses (Conditions of the
// encounter-diagnosis category, ranked in Encounter.diagnosis, main first) and allergies found during the visit.
// Every resource has an id chosen when it was first drafted, so that saving again updates rather than duplicates.
import type { AllergyIntolerance, Bundle, BundleEntry, Composition, Condition, Encounter, Resource } from '@medplum/fhirtypes';
import { CONDITION_CATEGORY_SYSTEM, CONDITION_CLINICAL_SYSTEM, CONDITION_VERIFICATION_SYSTEM, ICD10_SYSTEM, LOINC_SYSTEM } from '../terminology/code-systems.ts';
import { retractedVitalObservation, vitalObservations, type VitalObservationKind, type VitalTexts } from './vitals.ts';

export type NoteSection = 'reason' | 'history' | 'findings' | 'assessment' | 'plan';

/** LOINC section codes of a progress note. */
export const NOTE_SECTIONS: Record<NoteSection, { loinc: string; display: string; title: string }> = {
  reason: { loinc: '29299-5', display: 'Reason for visit Narrative', title: 'Lý do khám' },
  history: { loinc: '10164-2', display: 'History of Present illness Narrative', title: 'Bệnh sử' },
  findings: { loinc: '29545-1', display: 'Physical findings Narrative', title: 'Khám lâm sàng' },
  assessment: { loinc: '51848-0', display: 'Evaluation note', title: 'Đánh giá' },
  plan: { loinc: '18776-5', display: 'Plan of care note', title: 'Hướng xử trí' },
};

export interface DraftDiagnosis {
  id: string;
  code: string;
  display: string;
  /** Already on the server: removing it from the visit marks it entered in error. */
  saved?: boolean;
  /** False for the codes barred as main diagnosis (QĐ 4469 Phụ lục A2). */
  mainAllowed?: boolean;
}

export interface DraftAllergy {
  id: string;
  substance: string;
  reaction: string;
}

export interface ExaminationDraft {
  vitals: VitalTexts;
  note: Record<NoteSection, string>;
  /** Main diagnosis first. */
  diagnoses: DraftDiagnosis[];
  /** Saved diagnoses the doctor took back, to be marked entered in error. */
  retracted: DraftDiagnosis[];
  allergies: DraftAllergy[];
  /** Resource ids of the visit's observations and note, kept across saves. */
  ids: Partial<Record<VitalObservationKind | 'note', string>>;
}

export function emptyDraft(): ExaminationDraft {
  return { vitals: {}, note: { reason: '', history: '', findings: '', assessment: '', plan: '' }, diagnoses: [], retracted: [], allergies: [], ids: {} };
}

export interface SaveContext {
  encounter: Encounter;
  patientId: string;
  /** Who writes the note, as the Composition's author. */
  author: string;
  now: string;
  newId(): string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function put(resource: Resource & { id?: string }): BundleEntry {
  return { fullUrl: `${resource.resourceType}/${resource.id}`, resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } };
}

/** A diagnosis of the visit; a retracted one is entered in error (and then has no clinical status, FHIR con-5). */
function condition(diagnosis: DraftDiagnosis, patientId: string, encounterId: string, now: string, retracted = false): Condition {
  return {
    resourceType: 'Condition',
    id: diagnosis.id,
    ...(retracted ? {} : { clinicalStatus: { coding: [{ system: CONDITION_CLINICAL_SYSTEM, code: 'active' }] } }),
    verificationStatus: { coding: [{ system: CONDITION_VERIFICATION_SYSTEM, code: retracted ? 'entered-in-error' : 'confirmed' }] },
    category: [{ coding: [{ system: CONDITION_CATEGORY_SYSTEM, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
    code: { coding: [{ system: ICD10_SYSTEM, code: diagnosis.code, display: diagnosis.display }], text: diagnosis.display },
    subject: { reference: `Patient/${patientId}` },
    encounter: { reference: `Encounter/${encounterId}` },
    recordedDate: now,
  };
}

function allergy(entry: DraftAllergy, patientId: string, encounterId: string, now: string): AllergyIntolerance {
  const resource: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    id: entry.id,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
    category: ['medication'],
    code: { text: entry.substance.trim() },
    patient: { reference: `Patient/${patientId}` },
    encounter: { reference: `Encounter/${encounterId}` },
    recordedDate: now,
  };
  if (entry.reaction.trim()) resource.reaction = [{ manifestation: [{ text: entry.reaction.trim() }] }];
  return resource;
}

function hasNote(draft: ExaminationDraft): boolean {
  return Object.values(draft.note).some((text) => text.trim());
}

/** The progress note; with nothing left in it, the note saved earlier is entered in error. */
function note(draft: ExaminationDraft, id: string, context: SaveContext): Composition {
  const sections = (Object.keys(NOTE_SECTIONS) as NoteSection[]).filter((section) => draft.note[section].trim());
  const composition: Composition = {
    resourceType: 'Composition',
    id,
    status: sections.length ? 'preliminary' : 'entered-in-error',
    type: { coding: [{ system: LOINC_SYSTEM, code: '11506-3', display: 'Progress note' }], text: 'Phiếu khám bệnh' },
    subject: { reference: `Patient/${context.patientId}` },
    encounter: { reference: `Encounter/${context.encounter.id}` },
    date: context.now,
    author: [{ display: context.author }],
    title: 'Phiếu khám bệnh',
  };
  if (sections.length) {
    composition.section = sections.map((section) => ({
      title: NOTE_SECTIONS[section].title,
      code: { coding: [{ system: LOINC_SYSTEM, code: NOTE_SECTIONS[section].loinc, display: NOTE_SECTIONS[section].display }] },
      text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${escapeHtml(draft.note[section].trim())}</div>` },
    }));
  }
  return composition;
}

/** Takes a diagnosis off the visit: one already saved is kept to be marked entered in error at the next save. */
export function removeDiagnosis(draft: ExaminationDraft, id: string): ExaminationDraft {
  const removed = draft.diagnoses.find((diagnosis) => diagnosis.id === id);
  return {
    ...draft,
    diagnoses: draft.diagnoses.filter((diagnosis) => diagnosis.id !== id),
    retracted: removed?.saved ? [...draft.retracted, removed] : draft.retracted,
  };
}

/** Makes a secondary diagnosis the main one (the former main becomes the first secondary). */
export function makeMainDiagnosis(draft: ExaminationDraft, id: string): ExaminationDraft {
  const chosen = draft.diagnoses.find((diagnosis) => diagnosis.id === id);
  return chosen ? { ...draft, diagnoses: [chosen, ...draft.diagnoses.filter((diagnosis) => diagnosis.id !== id)] } : draft;
}

/** The code heading the list when it may not be a main diagnosis (after the main one was removed), else undefined. */
export function barredMainDiagnosis(draft: ExaminationDraft): DraftDiagnosis | undefined {
  return draft.diagnoses[0]?.mainAllowed === false ? draft.diagnoses[0] : undefined;
}

/**
 * The transaction saving the draft, and the draft as it stands once saved (diagnoses marked saved, the retracted
 * ones and the allergies gone to the record, the ids given to new observations and the note kept). The
 * encounter keeps everything it had, with its diagnoses replaced by the draft's (rank 1 the main one).
 */
export function examinationTransaction(draft: ExaminationDraft, context: SaveContext): { bundle: Bundle; draft: ExaminationDraft } {
  const ids = { ...draft.ids };
  const idOf = (kind: keyof ExaminationDraft['ids']) => (ids[kind] ??= context.newId());
  const encounterId = context.encounter.id!;
  const links = { patientId: context.patientId, encounterId, effectiveDateTime: context.now };
  const resources: Resource[] = [
    ...vitalObservations(draft.vitals, links, idOf),
    ...draft.diagnoses.map((diagnosis) => condition(diagnosis, context.patientId, encounterId, context.now)),
    ...draft.retracted.map((diagnosis) => condition(diagnosis, context.patientId, encounterId, context.now, true)),
    ...draft.allergies.filter((entry) => entry.substance.trim()).map((entry) => allergy(entry, context.patientId, encounterId, context.now)),
  ];
  // What was saved before and has since been cleared is entered in error, and its id forgotten.
  for (const [kind, id] of Object.entries(draft.ids) as [keyof ExaminationDraft['ids'], string][]) {
    if (kind === 'note' || resources.some((resource) => resource.id === id)) continue;
    resources.push(retractedVitalObservation(kind, id, links));
    delete ids[kind];
  }
  if (hasNote(draft)) resources.push(note(draft, idOf('note'), context));
  else if (ids.note) {
    resources.push(note(draft, ids.note, context));
    delete ids.note;
  }
  const encounter: Encounter = {
    ...context.encounter,
    diagnosis: draft.diagnoses.map((diagnosis, index) => ({
      condition: { reference: `Condition/${diagnosis.id}` },
      use: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role', code: index === 0 ? 'CC' : 'CM', display: index === 0 ? 'Chief complaint' : 'Comorbidity diagnosis' }] },
      rank: index + 1,
    })),
  };
  if (!encounter.diagnosis?.length) delete encounter.diagnosis;
  const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: [...resources.map(put), put(encounter)] };
  return { bundle, draft: { ...draft, ids, diagnoses: draft.diagnoses.map((diagnosis) => ({ ...diagnosis, saved: true })), retracted: [], allergies: [] } };
}
