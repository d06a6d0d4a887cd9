import type { Bundle, Patient } from '@medplum/fhirtypes';
import { getJson } from '../api.ts';
import { patientSearches, searchQueryString } from '../../../fhir/registration/search-query.ts';

/** The patients matching what was typed into a search box: the union of its FHIR searches, each patient once. */
export async function searchPatients(query: string, signal?: AbortSignal): Promise<Patient[]> {
  const searches = patientSearches(query);
  const bundles = await Promise.all(searches.map((search) => getJson<Bundle<Patient>>(`/fhir/R4/Patient?${searchQueryString(search)}`, signal)));
  const seen = new Set<string>();
  const patients: Patient[] = [];
  for (const bundle of bundles) {
    for (const entry of bundle.entry ?? []) {
      const patient = entry.resource;
      if (!patient?.id || seen.has(patient.id) || entry.search?.mode === 'include') continue;
      seen.add(patient.id);
      patients.push(patient);
    }
  }
  return patients;
}
