// What the clerk typed into the one search box, as FHIR searches on Patient: a CCCD, a BHYT card, a phone number,
// a date of birth or year, a name (with or without accents), or a name with a birth year.
import { normalizeInsuranceCardNumber } from '../identifiers/insurance-card.ts';
import { parseTypedDate, fhirDateOf } from './dates.ts';
import { normalizePhone } from './phone.ts';

export type SearchKind = 'cccd' | 'bhyt' | 'phone' | 'birthdate' | 'name';

/** One FHIR search (its query parameters); the box's results are the union of its searches. */
export interface PatientSearch {
  kind: SearchKind;
  params: [string, string][];
}

const MIN_NAME_LENGTH = 2;

/**
 * Searches for the text in the box; none while it is too short to search. Names are sent word by word
 * (`name=nguyen&name=an`, ANDed: every word starts some part of the name), so "nguyen an" finds Nguyễn Văn An.
 */
export function patientSearches(input: string, count = 20): PatientSearch[] {
  const text = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!text) return [];
  const paging: [string, string] = ['_count', String(count)];
  const compact = text.replace(/[\s.\-]/g, '');
  if (/^\d{12}$/.test(compact)) return [{ kind: 'cccd', params: [['cccd', compact], paging] }];
  if (/^[a-zA-Z]{2}\d{13}$/.test(compact)) return [{ kind: 'bhyt', params: [['bhyt', normalizeInsuranceCardNumber(compact)], paging] }];
  const phone = normalizePhone(text);
  if (/^0\d{9,10}$/.test(phone)) {
    const searches: PatientSearch[] = [{ kind: 'phone', params: [['phone', phone], paging] }];
    // A 10-digit number may also be a social-insurance number (mã số BHXH), printed as the card's last 10 digits.
    if (phone.length === 10) searches.push({ kind: 'bhyt', params: [['bhxh', phone], paging] });
    return searches;
  }
  if (/^\d{10}$/.test(compact)) return [{ kind: 'bhyt', params: [['bhxh', compact], paging] }];
  const words = text.split(' ');
  const dates = words.map((word) => (/^\d/.test(word) ? parseTypedDate(word) : undefined));
  const nameWords = words.filter((_word, i) => !dates[i] && !/^\d+$/.test(words[i]));
  const date = dates.find((candidate) => candidate !== undefined);
  const params: [string, string][] = [];
  if (nameWords.join('').length >= MIN_NAME_LENGTH) for (const word of nameWords) params.push(['name', word]);
  if (date) params.push(['birthdate', fhirDateOf(date)]);
  if (params.length === 0) return [];
  return [{ kind: nameWords.length ? 'name' : 'birthdate', params: [...params, paging] }];
}

export function searchQueryString(search: PatientSearch): string {
  return new URLSearchParams(search.params).toString();
}
