// A facility's figures for one measure and period as a FHIR MeasureReport of type summary, shaped after IHE mADX:
// the total as the group's population count, each disaggregation as a stratifier whose strata carry counts, and
// the cross-disaggregations (the measure's main dimension by sex and age group) as strata with components.
// Built from aggregated counts only: no patient, name, identifier or free text can reach it.
import type { CodeableConcept, MeasureReport, MeasureReportGroupStratifier } from '@medplum/fhirtypes';
import { ICD10_SYSTEM, VN_ADMINISTRATIVE_UNIT_SYSTEM } from '../terminology/code-systems.ts';
import { VISIT_PAYMENT_SYSTEM } from '../registration/visit.ts';
import { DISCHARGE_DISPOSITION_SYSTEM } from '../examination/visit-closing.ts';
import { ageGroupOf, UNKNOWN_AGE_GROUP } from './age-groups.ts';
import { crossedStratifier, measureUrl, PATIENT_STRATIFIERS, STRATIFIER_SYSTEM, type IndicatorDefinition, type StratifierCode } from './catalogue.ts';
import type { ReportPeriod } from './periods.ts';

/** Sen-defined: the stable identifier of a facility's report of a measure for a period. */
export const MEASURE_REPORT_IDENTIFIER_SYSTEM = 'https://sen.health.vn/fhir/sid/indicator-report';
const STRATUM_SYSTEM_BASE = 'https://sen.health.vn/fhir/CodeSystem/indicator';
const POPULATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-population';
const UNKNOWN = 'unknown';

/** One row of the aggregation: how many facts share a dimension value and patient characteristics. */
export interface AggregateCount {
  dimension: string;
  sex: string | null;
  /** Age in whole years on the day of the event. */
  age: number | null;
  communeCode: string | null;
  count: number;
}

export interface ReportSubject {
  facilityId: string;
  indicator: IndicatorDefinition;
  period: ReportPeriod;
  /** When the report was produced (MeasureReport.date). */
  generated: string;
}

const STRATUM_SYSTEMS: Record<StratifierCode, string> = {
  sex: 'http://hl7.org/fhir/administrative-gender',
  'age-group': `${STRATUM_SYSTEM_BASE}-age-group`,
  commune: VN_ADMINISTRATIVE_UNIT_SYSTEM,
  payment: VISIT_PAYMENT_SYSTEM,
  outcome: DISCHARGE_DISPOSITION_SYSTEM,
  'icd10-chapter': `${STRATUM_SYSTEM_BASE}-icd10-chapter`,
  'icd10-code': ICD10_SYSTEM,
  disease: `${STRATUM_SYSTEM_BASE}-notifiable-disease`,
};

/** The value of each stratifier for one aggregated row. */
function strataOf(indicator: IndicatorDefinition, row: AggregateCount): Map<StratifierCode, string> {
  const strata = new Map<StratifierCode, string>([
    ['sex', row.sex ?? UNKNOWN],
    ['age-group', row.age === null ? UNKNOWN_AGE_GROUP : ageGroupOf(row.age)],
    ['commune', row.communeCode ?? UNKNOWN],
  ]);
  for (const dimension of indicator.dimensions) strata.set(dimension.code, dimension.stratumOf(row.dimension));
  return strata;
}

const concept = (system: string, code: string): CodeableConcept => (code === UNKNOWN ? { text: UNKNOWN } : { coding: [{ system, code }] });
const stratifierCode = (codes: StratifierCode[]): CodeableConcept[] => codes.map((code) => ({ coding: [{ system: STRATIFIER_SYSTEM, code }] }));

/** Sums the counts by the values of `codes`, in a stable order (largest first, then by value). */
function tally(rows: Map<StratifierCode, string>[], counts: number[], codes: StratifierCode[]): { values: string[]; count: number }[] {
  const sums = new Map<string, { values: string[]; count: number }>();
  rows.forEach((strata, n) => {
    const values = codes.map((code) => strata.get(code)!);
    const key = values.join('\u0000');
    const sum = sums.get(key) ?? { values, count: 0 };
    sum.count += counts[n];
    sums.set(key, sum);
  });
  return [...sums.values()].sort((a, b) => b.count - a.count || a.values.join().localeCompare(b.values.join()));
}

function stratifier(codes: StratifierCode[], rows: Map<StratifierCode, string>[], counts: number[]): MeasureReportGroupStratifier {
  return {
    code: stratifierCode(codes),
    stratum: tally(rows, counts, codes).map(({ values, count }) => ({
      ...(codes.length === 1
        ? { value: concept(STRATUM_SYSTEMS[codes[0]], values[0]) }
        : { component: codes.map((code, k) => ({ code: stratifierCode([code])[0], value: concept(STRATUM_SYSTEMS[code], values[k]) })) }),
      population: [{ code: { coding: [{ system: POPULATION_SYSTEM, code: 'initial-population' }] }, count }],
    })),
  };
}

/** facility + measure + version + period: the same report, recomputed, keeps its identifier (and replaces the old one). */
export function measureReportIdentifierValue({ facilityId, indicator, period }: Omit<ReportSubject, 'generated'>): string {
  return `${facilityId}|${indicator.id}|${indicator.version}|${period.kind}:${period.label}`;
}

export function buildMeasureReport(subject: ReportSubject, counts: AggregateCount[]): MeasureReport {
  const { indicator, period } = subject;
  const strata = counts.map((row) => strataOf(indicator, row));
  const numbers = counts.map((row) => row.count);
  const single = [...PATIENT_STRATIFIERS, ...indicator.dimensions.map((dimension) => dimension.code)].map((code) => [code]);
  return {
    resourceType: 'MeasureReport',
    identifier: [{ system: MEASURE_REPORT_IDENTIFIER_SYSTEM, value: measureReportIdentifierValue(subject) }],
    status: 'complete',
    type: 'summary',
    measure: `${measureUrl(indicator.id)}|${indicator.version}`,
    date: subject.generated,
    reporter: { reference: `Organization/${subject.facilityId}` },
    period: { start: period.start, end: period.end },
    group: [{
      population: [{ code: { coding: [{ system: POPULATION_SYSTEM, code: 'initial-population' }] }, count: numbers.reduce((a, b) => a + b, 0) }],
      stratifier: [...single, crossedStratifier(indicator)].map((codes) => stratifier(codes, strata, numbers)),
    }],
  };
}
