// A small dataset shared by the synthetic-data tests, and a walker over every value in a resource.
import type { Resource } from '@medplum/fhirtypes';
import { createSyntheticDataset, type SyntheticDataset } from '../../../../fhir/synthetic/dataset.ts';
import { patientRecordResources, type PatientRecord } from '../../../../fhir/synthetic/record.ts';

export const SAMPLE_SEED = 20250701;
export const SAMPLE_AS_OF = '2026-03-15';

export interface Sample {
  dataset: SyntheticDataset;
  records: PatientRecord[];
  resources: Resource[];
}

let cached: Sample | undefined;

export function sampleDataset(patientCount = 400): Sample {
  if (cached && cached.records.length === patientCount) return cached;
  const dataset = createSyntheticDataset({ seed: SAMPLE_SEED, asOf: SAMPLE_AS_OF });
  const records = Array.from({ length: patientCount }, (_, index) => dataset.patientRecord(index));
  cached = { dataset, records, resources: [...dataset.setupResources, ...records.flatMap(patientRecordResources)] };
  return cached;
}

/** Calls `visit` for every value below `value`, with its dotted path. */
export function walk(value: unknown, visit: (path: string, value: unknown) => void, path = ''): void {
  visit(path, value);
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, visit, `${path}[${i}]`));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walk(item, visit, path ? `${path}.${key}` : key);
  }
}
