// The catalogue and the reports as FHIR (checked by the project's R4 validator), and the export rows read off them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateResource } from '../../../../fhir/validation/validate.ts';
import { findIndicator, MEASURES, STRATIFIER_SYSTEM } from '../../../../fhir/indicators/catalogue.ts';
import { buildMeasureReport, MEASURE_REPORT_IDENTIFIER_SYSTEM, type AggregateCount } from '../../../../fhir/indicators/measure-report.ts';
import { exportCsv, exportRows } from '../../../../fhir/indicators/export-rows.ts';
import { parsePeriod } from '../../../../fhir/indicators/periods.ts';

const errors = (resource: unknown) => validateResource(resource).filter((issue) => issue.severity === 'error');

const COUNTS: AggregateCount[] = [
  { dimension: 'J06.9', sex: 'female', age: 3, communeCode: '00070', count: 7 },
  { dimension: 'J06.9', sex: 'male', age: 30, communeCode: '00070', count: 2 },
  { dimension: 'A97.0', sex: 'male', age: 65, communeCode: null, count: 1 },
  { dimension: 'I10', sex: null, age: null, communeCode: '00004', count: 5 },
];

const subject = { facilityId: 'tram-y-te-1', indicator: findIndicator('diagnoses')!, period: parsePeriod('month:2026-11')!, generated: '2026-11-22T07:00:00Z' };

test('the catalogue: valid R4 Measures, versioned, active, with their stratifiers', () => {
  assert.deepEqual(MEASURES.map((measure) => measure.id), ['outpatient-visits', 'new-patients', 'visit-outcomes', 'diagnoses', 'notifiable-diseases']);
  for (const measure of MEASURES) {
    assert.deepEqual(errors(measure), [], measure.id);
    assert.equal(measure.url, `https://sen.health.vn/fhir/Measure/${measure.id}`);
    assert.match(measure.version!, /^\d+\.\d+\.\d+$/);
    assert.equal(measure.status, 'active');
    const stratifiers = measure.group![0].stratifier!;
    assert.deepEqual(stratifiers.slice(0, 3).map((stratifier) => stratifier.code!.coding![0].code), ['sex', 'age-group', 'commune']);
    assert.deepEqual(stratifiers.at(-1)!.component!.slice(1).map((component) => component.code!.coding![0].code), ['sex', 'age-group']);
  }
  assert.deepEqual(MEASURES[3].group![0].stratifier!.slice(3, -1).map((stratifier) => stratifier.code!.coding![0].code), ['icd10-chapter', 'icd10-code']);
});

test('a MeasureReport is a valid mADX-shaped summary with a stable identifier', () => {
  const report = buildMeasureReport(subject, COUNTS);
  assert.deepEqual(errors(report), []);
  assert.equal(report.type, 'summary');
  assert.equal(report.measure, 'https://sen.health.vn/fhir/Measure/diagnoses|1.0.0');
  assert.deepEqual(report.reporter, { reference: 'Organization/tram-y-te-1' });
  assert.deepEqual(report.period, { start: '2026-11-01', end: '2026-11-30' });
  assert.deepEqual(report.identifier, [{ system: MEASURE_REPORT_IDENTIFIER_SYSTEM, value: 'tram-y-te-1|diagnoses|1.0.0|month:2026-11' }]);
  assert.deepEqual(buildMeasureReport({ ...subject, generated: '2026-12-01T00:00:00Z' }, []).identifier, report.identifier);

  const group = report.group![0];
  assert.equal(group.population![0].count, 15);
  const strata = (code: string) => Object.fromEntries(group.stratifier!.find((s) => s.code!.length === 1 && s.code![0].coding![0].code === code)!.stratum!
    .map((stratum) => [stratum.value!.coding?.[0].code ?? stratum.value!.text, stratum.population![0].count]));
  assert.deepEqual(strata('sex'), { female: 7, unknown: 5, male: 3 });
  assert.deepEqual(strata('age-group'), { '0-4': 7, unknown: 5, '25-49': 2, '65+': 1 });
  assert.deepEqual(strata('icd10-chapter'), { X: 9, IX: 5, I: 1 });
  assert.deepEqual(strata('icd10-code'), { 'J06.9': 9, I10: 5, 'A97.0': 1 });
  assert.deepEqual(strata('commune'), { '00070': 9, '00004': 5, unknown: 1 });
  // Every stratifier's strata add up to the total.
  for (const stratifier of group.stratifier!) {
    assert.equal(stratifier.stratum!.reduce((sum, stratum) => sum + stratum.population![0].count!, 0), 15);
  }
  const crossed = group.stratifier!.find((s) => s.code!.length === 3)!;
  assert.deepEqual(crossed.code!.map((code) => code.coding![0].code), ['icd10-chapter', 'sex', 'age-group']);
  assert.deepEqual(crossed.stratum![0].component!.map((component) => component.value.coding![0].code), ['X', 'female', '0-4']);
  assert.equal(crossed.code![0].coding![0].system, STRATIFIER_SYSTEM);
});

test('export rows say what the report says; a public export suppresses counts of 1–4 only', () => {
  const report = buildMeasureReport(subject, COUNTS);
  const analyst = exportRows([report], 'analyst');
  assert.deepEqual(analyst[0], {
    facility: 'tram-y-te-1', measure: report.measure, periodStart: '2026-11-01', periodEnd: '2026-11-30', stratifier: 'total', stratum: '', count: 15, suppressed: false,
  });
  assert.ok(analyst.some((row) => row.stratifier === 'icd10-chapter+sex+age-group' && row.stratum === 'X+female+0-4' && row.count === 7));
  assert.ok(analyst.some((row) => row.count === 1), 'analysts see small counts');
  const published = exportRows([report], 'public');
  assert.equal(published.length, analyst.length);
  published.forEach((row, n) => {
    const count = analyst[n].count!;
    assert.equal(row.suppressed, count >= 1 && count <= 4);
    assert.equal(row.count, row.suppressed ? null : count);
  });
  const csv = exportCsv(published).split('\r\n');
  assert.equal(csv[0], 'facility,measure,periodStart,periodEnd,stratifier,stratum,count,suppressed');
  assert.ok(csv.includes('tram-y-te-1,https://sen.health.vn/fhir/Measure/diagnoses|1.0.0,2026-11-01,2026-11-30,sex,male,,true'));
});
