// The patient chart (issue 6, item 8): one page of a patient's visits, newest first, with their diagnoses,
// prescriptions and vital signs, in four indexed searches whatever the page holds (the visits, then the three kinds
// of record of those visits at once), never a read per visit. Access is the searches' own: role policy, facility
// isolation and the audit trail's record of whose chart was seen.
import type { Condition, Encounter, MedicationRequest, Observation } from '@medplum/fhirtypes';
import { patientChart, type PatientChart } from '../../fhir/chart/patient-chart.ts';
import type { ResourceService } from './resource-service.ts';
import type { SearchService } from './search-service.ts';
import { searchResourcePage, searchResources } from './search-resources.ts';

export const CHART_PAGE = { default: 20, max: 50 };
/** The records of one page's visits each search returns at most (a visit has some ten vital signs). */
const RECORDS_PER_PAGE = 1000;

export interface ChartPage {
  /** Where the previous page ended (its `nextPage`), opaque. */
  page?: string;
  count: number;
}

export class PatientChartService {
  constructor(private readonly resources: ResourceService, private readonly search: SearchService) {}

  async chart(patientId: string, page: ChartPage): Promise<PatientChart> {
    // The patient must be there and visible to this user: a 404 (or 403) rather than an empty chart.
    await this.resources.read('Patient', patientId);
    // The search engine's own keyset paging (visit start, then id): visits starting at the same instant are never
    // skipped or repeated at a page boundary.
    const after = page.page ? `&_cursor=${encodeURIComponent(page.page)}` : '';
    const { resources: shown, nextCursor } = await searchResourcePage<Encounter>(this.search, 'Encounter',
      `subject=Patient/${encodeURIComponent(patientId)}&_sort=-date&_count=${page.count}${after}`);
    const visits = shown.map((encounter) => `Encounter/${encounter.id}`).join(',');
    // The vital signs are picked out by their LOINC codes; a category filter would only cost another join.
    const ofVisits = (type: string) => shown.length === 0 ? Promise.resolve([])
      : searchResources(this.search, type, `encounter=${encodeURIComponent(visits)}&_count=${RECORDS_PER_PAGE}`);
    const [conditions, requests, observations] = await Promise.all([
      ofVisits('Condition') as Promise<Condition[]>,
      ofVisits('MedicationRequest') as Promise<MedicationRequest[]>,
      ofVisits('Observation') as Promise<Observation[]>,
    ]);
    return patientChart({ patientId, encounters: shown, conditions, requests, observations, nextPage: nextCursor });
  }
}
