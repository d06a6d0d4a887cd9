// Merging two records of the same person: every reference to the duplicate ("source") is moved to the record kept
// ("target"), the source is marked inactive and linked to the target (Patient.link replaced-by / replaces, as FHIR
// defines for merges). Each step has its inverse, so a merge can be undone.
import type { Patient, PatientLink } from '@medplum/fhirtypes';

type Json = unknown;

function isPatientReference(value: string, patientId: string): boolean {
  return value === `Patient/${patientId}` || value.endsWith(`/Patient/${patientId}`);
}

/**
 * A copy of `resource` with every Reference.reference to Patient/`from` pointing at Patient/`to` (relative or
 * absolute URLs), and how many were changed. The resource's own id and anything that is not a reference stay as
 * they are.
 */
export function movePatientReferences<T>(resource: T, from: string, to: string): { resource: T; moved: number } {
  let moved = 0;
  const walk = (node: Json, key?: string): Json => {
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (node && typeof node === 'object') {
      const out: Record<string, Json> = {};
      for (const [name, value] of Object.entries(node as Record<string, Json>)) out[name] = walk(value, name);
      return out;
    }
    if (key === 'reference' && typeof node === 'string' && isPatientReference(node, from)) {
      moved++;
      return node.slice(0, node.length - from.length) + to;
    }
    return node;
  };
  return { resource: walk(resource) as T, moved };
}

const withoutLinksTo = (links: PatientLink[] | undefined, patientId: string): PatientLink[] =>
  (links ?? []).filter((link) => !isPatientReference(link.other.reference ?? '', patientId));

/** The duplicate after the merge: inactive, replaced by the target. */
export function retiredSource(source: Patient, targetId: string): Patient {
  return { ...source, active: false, link: [...withoutLinksTo(source.link, targetId), { other: { reference: `Patient/${targetId}` }, type: 'replaced-by' }] };
}

/** The record kept: it replaces the source. */
export function keptTarget(target: Patient, sourceId: string): Patient {
  return { ...target, link: [...withoutLinksTo(target.link, sourceId), { other: { reference: `Patient/${sourceId}` }, type: 'replaces' }] };
}

/** Undoes retiredSource / keptTarget: the link between the two goes, the source is active again. */
export function unlinked(patient: Patient, otherId: string, active?: boolean): Patient {
  const link = withoutLinksTo(patient.link, otherId);
  const { link: _old, ...rest } = patient;
  return { ...rest, ...(link.length ? { link } : {}), ...(active === undefined ? {} : { active }) };
}
