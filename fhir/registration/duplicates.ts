// Is the person at the desk already on file? Candidates (found by searches on name, birth date, CCCD, card and
// phone) are scored field by field, accent-insensitively, so that the clerk sees why each one may be the same person.
import type { Patient } from '@medplum/fhirtypes';
import { normalizeInsuranceCardNumber } from '../identifiers/insurance-card.ts';
import { foldVietnamese } from '../text/fold.ts';
import { fhirDateOf, parseTypedDate } from './dates.ts';
import { normalizeFullName, type PatientForm } from './patient-form.ts';
import { summarizePatient, type PatientSummary } from './patient-summary.ts';
import { normalizePhone } from './phone.ts';
import type { PatientSearch } from './search-query.ts';

/** The facts of a person that duplicates are judged on. */
export interface PersonFacts {
  name: string;
  gender?: string;
  /** FHIR date: YYYY or YYYY-MM-DD. */
  birthDate?: string;
  cccd?: string;
  card?: string;
  socialInsuranceNumber?: string;
  phone?: string;
  communeCode?: string;
}

export type MatchField = 'name' | 'birthDate' | 'gender' | 'cccd' | 'card' | 'phone' | 'commune';
export type FieldVerdict = 'same' | 'similar' | 'different' | 'unknown';

export interface DuplicateCandidate {
  patient: Patient;
  summary: PatientSummary;
  /** 0–100. */
  score: number;
  level: 'likely' | 'possible';
  fields: Record<MatchField, FieldVerdict>;
}

/** At or above: shown to the clerk as a possible duplicate. */
export const POSSIBLE_DUPLICATE_SCORE = 40;
/** At or above: "very likely the same person". */
export const LIKELY_DUPLICATE_SCORE = 70;

export function factsFromForm(form: PatientForm): PersonFacts {
  const birth = parseTypedDate(form.birthDate);
  const card = form.insurance.cardNumber.trim() ? normalizeInsuranceCardNumber(form.insurance.cardNumber) : undefined;
  return {
    name: normalizeFullName(form.fullName),
    gender: form.sex || undefined,
    birthDate: birth ? fhirDateOf(birth) : undefined,
    cccd: form.cccd.replace(/\s/g, '') || undefined,
    card,
    socialInsuranceNumber: card && card.length === 15 ? card.slice(5) : undefined,
    phone: normalizePhone(form.phone) || undefined,
    communeCode: form.communeCode || undefined,
  };
}

export function factsFromSummary(summary: PatientSummary): PersonFacts {
  return {
    name: summary.name,
    gender: summary.gender,
    birthDate: summary.birthDate,
    cccd: summary.cccd,
    card: summary.bhyt?.card,
    socialInsuranceNumber: summary.socialInsuranceNumber ?? (summary.bhyt?.card.length === 15 ? summary.bhyt.card.slice(5) : undefined),
    phone: summary.phone,
    communeCode: summary.communeCode,
  };
}

/** Jaro–Winkler similarity of two strings, 0–1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Name similarity, 0–1, ignoring accents, case and spacing. Vietnamese names are family + middle + given: a missing
 * or different middle name (Nguyễn An / Nguyễn Văn An) still scores high when family and given names agree.
 */
export function nameSimilarity(a: string, b: string): number {
  const fa = foldVietnamese(a);
  const fb = foldVietnamese(b);
  if (!fa || !fb) return 0;
  if (fa === fb) return 1;
  const ta = fa.split(' ');
  const tb = fb.split(' ');
  const whole = jaroWinkler(fa, fb);
  const tokenMatches = ta.filter((token) => tb.some((other) => jaroWinkler(token, other) >= 0.92)).length;
  const tokens = tokenMatches / Math.max(ta.length, tb.length);
  const familyAndGiven = ta[0] === tb[0] && ta[ta.length - 1] === tb[tb.length - 1] && ta.length > 1 && tb.length > 1 ? 0.85 : 0;
  return Math.max(whole * 0.95, tokens * 0.95, familyAndGiven);
}

function compareBirthDates(a?: string, b?: string): { verdict: FieldVerdict; points: number } {
  if (!a || !b) return { verdict: 'unknown', points: 0 };
  if (a === b) return { verdict: 'same', points: a.length === 4 ? 12 : 25 };
  const [ya, yb] = [Number(a.slice(0, 4)), Number(b.slice(0, 4))];
  if (ya === yb) return { verdict: 'similar', points: a.length === 4 || b.length === 4 ? 10 : 4 };
  if (Math.abs(ya - yb) === 1) return { verdict: 'similar', points: 0 };
  return { verdict: 'different', points: -15 };
}

/** Scores one candidate against the person being registered. */
export function scoreCandidate(draft: PersonFacts, candidate: PersonFacts): { score: number; fields: Record<MatchField, FieldVerdict> } {
  const fields = {} as Record<MatchField, FieldVerdict>;
  let score = 0;

  const similarity = nameSimilarity(draft.name, candidate.name);
  fields.name = similarity === 1 ? 'same' : similarity >= 0.85 ? 'similar' : 'different';
  score += similarity >= 0.7 ? Math.round(35 * similarity) : -10;

  const birth = compareBirthDates(draft.birthDate, candidate.birthDate);
  fields.birthDate = birth.verdict;
  score += birth.points;

  if (!draft.gender || !candidate.gender || draft.gender === 'unknown' || candidate.gender === 'unknown') fields.gender = 'unknown';
  else if (draft.gender === candidate.gender) {
    fields.gender = 'same';
    score += 5;
  } else {
    fields.gender = 'different';
    score -= 20;
  }

  // One CCCD per citizen: the same number is nearly proof, a different one nearly disproof.
  if (!draft.cccd || !candidate.cccd) fields.cccd = 'unknown';
  else if (draft.cccd === candidate.cccd) {
    fields.cccd = 'same';
    score += 60;
  } else {
    fields.cccd = 'different';
    score -= 40;
  }

  // Cards change group code and benefit level over a life; the social-insurance number inside stays.
  if (!draft.card && !draft.socialInsuranceNumber) fields.card = 'unknown';
  else if (draft.card && draft.card === candidate.card) {
    fields.card = 'same';
    score += 50;
  } else if (draft.socialInsuranceNumber && draft.socialInsuranceNumber === candidate.socialInsuranceNumber) {
    fields.card = 'similar';
    score += 45;
  } else if (!candidate.card && !candidate.socialInsuranceNumber) fields.card = 'unknown';
  else {
    fields.card = 'different';
    score -= 10;
  }

  // A phone is often shared by a household: it adds, but never proves.
  if (!draft.phone || !candidate.phone) fields.phone = 'unknown';
  else if (draft.phone === candidate.phone) {
    fields.phone = 'same';
    score += 15;
  } else fields.phone = 'different';

  if (!draft.communeCode || !candidate.communeCode) fields.commune = 'unknown';
  else if (draft.communeCode === candidate.communeCode) {
    fields.commune = 'same';
    score += 5;
  } else fields.commune = 'different';

  return { score: Math.max(0, Math.min(100, score)), fields };
}

/** The candidates worth showing, best first. */
export function rankDuplicates(draft: PersonFacts, patients: readonly Patient[], today: string): DuplicateCandidate[] {
  const seen = new Set<string>();
  const ranked: DuplicateCandidate[] = [];
  for (const patient of patients) {
    if (!patient.id || seen.has(patient.id) || patient.active === false) continue;
    seen.add(patient.id);
    const summary = summarizePatient(patient, today);
    const { score, fields } = scoreCandidate(draft, factsFromSummary(summary));
    if (score < POSSIBLE_DUPLICATE_SCORE) continue;
    ranked.push({ patient, summary, score, fields, level: score >= LIKELY_DUPLICATE_SCORE ? 'likely' : 'possible' });
  }
  return ranked.sort((a, b) => b.score - a.score);
}

/**
 * The searches that find candidates for a new patient: each identifier on its own, the family name with the given
 * name, and the given name with the birth year (a family name spelt differently: Võ/Vũ, Huỳnh/Hoàng).
 */
export function duplicateSearches(draft: PersonFacts, count = 20): PatientSearch[] {
  const searches: PatientSearch[] = [];
  const paging: [string, string] = ['_count', String(count)];
  if (draft.cccd) searches.push({ kind: 'cccd', params: [['cccd', draft.cccd], paging] });
  if (draft.card) searches.push({ kind: 'bhyt', params: [['bhyt', draft.card], paging] });
  if (draft.socialInsuranceNumber) searches.push({ kind: 'bhyt', params: [['bhxh', draft.socialInsuranceNumber], paging] });
  if (draft.phone) searches.push({ kind: 'phone', params: [['phone', draft.phone], paging] });
  const words = foldVietnamese(draft.name).split(' ').filter(Boolean);
  if (words.length >= 2) {
    searches.push({ kind: 'name', params: [['name', words[0]], ['name', words[words.length - 1]], paging] });
    if (draft.birthDate) searches.push({ kind: 'name', params: [['name', words[words.length - 1]], ['birthdate', draft.birthDate.slice(0, 4)], paging] });
  }
  return searches;
}
