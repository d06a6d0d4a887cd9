// The patient chart's content, shared by the chart page and the examination's visit history: the blood-pressure and
// weight trend, and the visits newest first with their diagnoses, vital signs and prescriptions.
import { formatDate, formatTime, useI18n, type MessageKey } from '../i18n.tsx';
import type { ChartVisit, TrendPoint } from '../../../fhir/chart/patient-chart.ts';
import { VITAL_SIGNS, type VitalKey } from '../../../fhir/examination/vitals.ts';
import { displayPrescriptionCode } from '../../../fhir/identifiers/prescription-code.ts';
import { TrendChart } from './trend-chart.tsx';

const SHOWN_VITALS: readonly VitalKey[] = ['pulse', 'temperature', 'respiratoryRate', 'spo2', 'weight', 'height'];

export function ChartTrends({ trend }: { trend: TrendPoint[] }) {
  const { t } = useI18n();
  if (trend.length === 0) return null;
  const dates = trend.map((point) => point.date);
  return (
    <section className="chart-trends" aria-label={t('chart.trends')}>
      <TrendChart title={t('chart.bloodPressure')} unit="mmHg" dates={dates} series={[
        { label: t('chart.systolic'), className: 'series-a', values: trend.map((point) => point.systolic) },
        { label: t('chart.diastolic'), className: 'series-b', values: trend.map((point) => point.diastolic) },
      ]} />
      <TrendChart title={t('chart.weight')} unit="kg" dates={dates} series={[
        { label: t('chart.weight'), className: 'series-a', values: trend.map((point) => point.weight) },
      ]} />
    </section>
  );
}

function VisitVitals({ visit }: { visit: ChartVisit }) {
  const { t } = useI18n();
  const { vitals } = visit;
  const parts = vitals.systolic !== undefined && vitals.diastolic !== undefined ? [`${t('chart.bloodPressure')} ${vitals.systolic}/${vitals.diastolic} mmHg`] : [];
  for (const key of SHOWN_VITALS) {
    const value = vitals[key];
    if (value !== undefined) parts.push(`${t(`vitals.${key}` as MessageKey)} ${value.toLocaleString('vi-VN')} ${VITAL_SIGNS[key].unit}`);
  }
  return parts.length ? <p className="chart-vitals">{parts.join(' · ')}</p> : null;
}

export function VisitTimeline({ visits, currentVisit }: { visits: ChartVisit[]; currentVisit?: string }) {
  const { t } = useI18n();
  if (visits.length === 0) return <p>{t('chart.noVisits')}</p>;
  return (
    <ol className="chart-timeline">
      {visits.map((visit) => (
        <li key={visit.id} className="chart-visit" data-testid="chart-visit">
          <h3>
            <time dateTime={visit.start}>{formatDate(visit.start)} {formatTime(visit.start)}</time>
            {' '}<span className="badge">{t(`chart.visit.${visit.status}` as MessageKey)}</span>
            {visit.id === currentVisit && <span className="badge ok">{t('chart.thisVisit')}</span>}
          </h3>
          {visit.reason && <p>{visit.reason}</p>}
          {visit.diagnoses.length > 0 && (
            <ul className="chart-diagnoses">
              {visit.diagnoses.map((diagnosis) => (
                <li key={diagnosis.code}><strong>{diagnosis.code}</strong> {diagnosis.display}{diagnosis.main && <span className="badge">{t('chart.main')}</span>}</li>
              ))}
            </ul>
          )}
          <VisitVitals visit={visit} />
          {visit.prescriptions.map((prescription) => (
            <div key={prescription.code} className="chart-prescription">
              <p>
                {t('chart.prescription', { code: displayPrescriptionCode(prescription.code) })}
                {' '}<span className={`badge ${prescription.status === 'active' ? 'ok' : 'muted'}`}>{t(`chart.rx.${prescription.status}` as MessageKey)}</span>
              </p>
              <ul>{prescription.drugs.map((drug, index) => <li key={index}>{drug.name}{drug.dosage && ` — ${drug.dosage}`}</li>)}</ul>
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
