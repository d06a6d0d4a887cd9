// The patient chart, opened from the examination's patient banner or visit history: the patient's facts, the
// blood-pressure and weight trend, and every visit newest first, older ones loaded on demand.
import { useEffect, useState } from 'react';
import type { Patient } from '@medplum/fhirtypes';
import { ApiFailure, getJson } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import './examination-messages.ts';
import { useSearchParam } from '../router.ts';
import { summarizePatient, type PatientSummary } from '../../../fhir/registration/patient-summary.ts';
import { vnDate } from '../../../fhir/vietnam-time.ts';
import { PatientFacts } from './patient-card.tsx';
import { ChartTrends, VisitTimeline } from './chart-timeline.tsx';
import { usePatientChart } from './use-patient-chart.ts';

const PAGE = 20;

export default function PatientChartPage() {
  const { t } = useI18n();
  const patientId = useSearchParam('patient') ?? '';
  const [patient, setPatient] = useState<PatientSummary | undefined>();
  const { chart, failure, loading, loadOlder } = usePatientChart(patientId, PAGE);

  useEffect(() => {
    setPatient(undefined);
    if (!patientId) return;
    getJson<Patient>(`/fhir/R4/Patient/${encodeURIComponent(patientId)}`).then((resource) => setPatient(summarizePatient(resource, vnDate(Date.now()))), () => undefined);
  }, [patientId]);

  if (failure || !patientId) {
    const text = failure instanceof ApiFailure && failure.status === 403 ? t('common.forbidden')
      : !patientId || (failure instanceof ApiFailure && failure.status === 404) ? t('chart.notFound')
      : t('common.error', { message: failure instanceof Error ? failure.message : String(failure) });
    return <section><h1>{t('chart.title')}</h1><p className="error" role="alert">{text}</p></section>;
  }
  if (!chart) return <p className="loading" role="status">{t('common.loading')}</p>;
  return (
    <section className="patient-chart" aria-labelledby="chart-heading">
      <button type="button" className="link-button" onClick={() => window.history.back()}>{t('chart.back')}</button>
      <h1 id="chart-heading">{t('chart.title')}{patient && `: ${patient.name}`}</h1>
      {patient && <PatientFacts summary={patient} today={vnDate(Date.now())} />}
      <ChartTrends trend={chart.trend} />
      <h2>{t('chart.timeline')}</h2>
      <VisitTimeline visits={chart.visits} />
      {chart.nextPage && <button type="button" onClick={() => void loadOlder()} disabled={loading}>{loading ? t('common.loading') : t('chart.older')}</button>}
    </section>
  );
}
