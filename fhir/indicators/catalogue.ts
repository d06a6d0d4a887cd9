// The indicator catalogue as FHIR R4 Measure resources: what each indicator counts, on which day an event falls,
// and how it is disaggregated (the stratifiers a MeasureReport of it carries, shaped after IHE mADX).
import type { Expression, Measure, MeasureGroupStratifier, MeasureGroupStratifierComponent } from '@medplum/fhirtypes';
import { icd10ChapterOf } from './icd10-chapter.ts';

export const MEASURE_BASE = 'https://sen.health.vn/fhir/Measure';
/** Sen-defined codes of the stratifiers, shared by Measure and MeasureReport. */
export const STRATIFIER_SYSTEM = 'https://sen.health.vn/fhir/CodeSystem/indicator-stratifier';
const MEASURE_SCORING_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-scoring';
const POPULATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-population';

export type MeasureId = 'outpatient-visits' | 'new-patients' | 'visit-outcomes' | 'diagnoses' | 'notifiable-diseases';
export type StratifierCode = 'sex' | 'age-group' | 'commune' | 'payment' | 'outcome' | 'icd10-chapter' | 'icd10-code' | 'disease';

/** A disaggregation that comes from the fact itself rather than from the patient. */
export interface DimensionStratifier {
  code: StratifierCode;
  /** The stratum of a fact's dimension value (the chapter of a code, say). */
  stratumOf(dimension: string): string;
}

export interface IndicatorDefinition {
  id: MeasureId;
  version: string;
  title: string;
  description: string;
  /** The initial population's criteria, in words (the computation is in contributions.ts). */
  criteria: string;
  dimensions: DimensionStratifier[];
  /**
   * Counts the first fact of that measure per patient at the facility, ever, in the period it falls in (a patient's
   * first visit), instead of facts of its own: which fact is first depends on the patient's other resources, so it is
   * found when the figures are read, and a late edit of an earlier visit moves it.
   */
  firstOf?: MeasureId;
}

/** Every measure is disaggregated by these, from the patient's record as it stands. */
export const PATIENT_STRATIFIERS: readonly StratifierCode[] = ['sex', 'age-group', 'commune'];

const STRATIFIER_DESCRIPTIONS: Record<StratifierCode, string> = {
  sex: 'Patient.gender (male, female, other, unknown)',
  'age-group': 'Age in whole years on the day of the event: 0-4, 5-14, 15-24, 25-49, 50-64, 65+ (unknown without a birth date)',
  commune: 'Commune of residence: the 2025 commune code of the home address (unknown without one)',
  payment: 'How the visit is paid: insurance (BHYT), self-pay, or unknown',
  outcome: 'Encounter.hospitalization.dischargeDisposition: home, other-hcf (referred to another facility), oth (admitted), aadvice (left against advice)',
  'icd10-chapter': 'ICD-10 chapter (I–XXII) of the diagnosis code',
  'icd10-code': 'ICD-10 code of the diagnosis (QĐ 4469/QĐ-BYT); the ten largest strata are the top 10 diagnoses',
  disease: 'Notifiable disease of TT 54/2015/TT-BYT (fhir/indicators/data/notifiable-diseases.json)',
};

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: 'outpatient-visits',
    version: '1.0.0',
    title: 'Outpatient visits (lượt khám ngoại trú)',
    description: 'Outpatient visits held at the facility, counted on the day of arrival in Vietnamese time.',
    criteria: 'Encounter with class AMB whose status is not planned, cancelled or entered-in-error; day = Encounter.period.start.',
    dimensions: [{ code: 'payment', stratumOf: (dimension) => dimension }],
  },
  {
    id: 'new-patients',
    version: '1.0.0',
    title: 'New patients (bệnh nhân mới): first outpatient visit at the facility',
    description: 'Patients whose first outpatient visit at the facility falls in the period, by how that visit is paid.',
    criteria: 'The earliest visit counted by outpatient-visits of each patient at the facility (ties broken by Encounter id).',
    dimensions: [{ code: 'payment', stratumOf: (dimension) => dimension }],
    firstOf: 'outpatient-visits',
  },
  {
    id: 'visit-outcomes',
    version: '1.0.0',
    title: 'Outcomes of outpatient visits, referrals out among them (chuyển tuyến)',
    description: 'Outpatient visits closed with an outcome, counted on the day of arrival; the other-hcf stratum is the referrals out.',
    criteria: 'An Encounter counted by outpatient-visits whose hospitalization.dischargeDisposition carries a discharge-disposition code.',
    dimensions: [{ code: 'outcome', stratumOf: (dimension) => dimension }],
  },
  {
    id: 'diagnoses',
    version: '1.0.0',
    title: 'Diagnoses by ICD-10 chapter and code',
    description: 'Diagnoses made at visits to the facility, counted on the day they were recorded.',
    criteria: 'Condition of category encounter-diagnosis with an ICD-10 code, not entered-in-error or refuted; day = recordedDate (else onsetDateTime).',
    dimensions: [
      { code: 'icd10-chapter', stratumOf: (dimension) => icd10ChapterOf(dimension)?.code ?? 'unknown' },
      { code: 'icd10-code', stratumOf: (dimension) => dimension },
    ],
  },
  {
    id: 'notifiable-diseases',
    version: '1.0.0',
    title: 'Cases of notifiable communicable diseases (TT 54/2015/TT-BYT)',
    description: 'Diagnosed cases of the diseases to be notified, by disease; reported by epidemiological (ISO) week.',
    criteria: 'A diagnosis counted by the diagnoses measure whose ICD-10 code falls under a notifiable disease.',
    dimensions: [{ code: 'disease', stratumOf: (dimension) => dimension }],
  },
];

export function findIndicator(id: string): IndicatorDefinition | undefined {
  return INDICATORS.find((indicator) => indicator.id === id);
}

export const measureUrl = (id: MeasureId) => `${MEASURE_BASE}/${id}`;

/** The cross-disaggregation of a measure (mADX strata with components): its main dimension by sex and age group. */
export const crossedStratifier = (indicator: IndicatorDefinition): StratifierCode[] => [indicator.dimensions[0].code, 'sex', 'age-group'];

/** Criteria in words: the computation is code (contributions.ts), not an expression a FHIR engine would run. */
function textCriteria(text: string): Expression {
  // The binding of Expression.language is extensible; Medplum's type lists only the executable languages.
  return { language: 'text/plain' as Expression['language'], expression: text };
}

function stratifier(code: StratifierCode): MeasureGroupStratifier & MeasureGroupStratifierComponent {
  return { code: { coding: [{ system: STRATIFIER_SYSTEM, code }] }, description: STRATIFIER_DESCRIPTIONS[code], criteria: textCriteria(STRATIFIER_DESCRIPTIONS[code]) };
}

export function measureResource(indicator: IndicatorDefinition): Measure {
  return {
    resourceType: 'Measure',
    id: indicator.id,
    url: measureUrl(indicator.id),
    version: indicator.version,
    name: indicator.id.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase()),
    title: indicator.title,
    status: 'active',
    publisher: 'Sen',
    description: indicator.description,
    scoring: { coding: [{ system: MEASURE_SCORING_SYSTEM, code: 'cohort' }] },
    group: [{
      population: [{
        code: { coding: [{ system: POPULATION_SYSTEM, code: 'initial-population' }] },
        description: indicator.criteria,
        criteria: textCriteria(indicator.criteria),
      }],
      stratifier: [
        ...[...PATIENT_STRATIFIERS, ...indicator.dimensions.map((dimension) => dimension.code)].map(stratifier),
        { component: crossedStratifier(indicator).map(stratifier) },
      ],
    }],
  };
}

export const MEASURES: readonly Measure[] = INDICATORS.map(measureResource);
