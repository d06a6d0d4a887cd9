import type { PatientSummary } from '../../../fhir/registration/patient-summary.ts';
import { cardValidOn, maskIdentifier, maskPhone } from '../../../fhir/registration/patient-summary.ts';
import { formatDate, useI18n, type MessageKey, type Translate } from '../i18n.tsx';

export function ageText(t: Translate, summary: Pick<PatientSummary, 'age' | 'birthDate'>): string {
  if (!summary.age) return '';
  if (summary.birthDate && summary.birthDate.length > 4 && summary.age.months < 72) return t('age.months', { n: summary.age.months });
  return t('age.years', { n: summary.age.years });
}

export function sexText(t: Translate, gender: string | undefined): string {
  return gender ? t(`sex.${gender}` as MessageKey) : '';
}

/** One line of what tells this patient apart: sex, age, date of birth, commune, masked IDs. */
export function PatientFacts({ summary, today }: { summary: PatientSummary; today: string }) {
  const { t } = useI18n();
  const cardValid = summary.bhyt ? cardValidOn(summary.bhyt, today) : false;
  return (
    <dl className="patient-facts">
      <div><dt>{t('patient.sex')}</dt><dd>{sexText(t, summary.gender) || t('common.none')}</dd></div>
      <div><dt>{t('patient.birthDate')}</dt><dd>{formatDate(summary.birthDate) || t('common.none')} {summary.age && <span className="muted">({ageText(t, summary)})</span>}</dd></div>
      <div><dt>{t('patient.commune')}</dt><dd>{[summary.commune, summary.province].filter(Boolean).join(', ') || t('common.none')}</dd></div>
      {summary.cccd && <div><dt>{t('patient.cccd')}</dt><dd className="mono">{maskIdentifier(summary.cccd)}</dd></div>}
      {summary.bhyt && (
        <div><dt>{t('patient.bhyt')}</dt><dd><span className="mono">{maskIdentifier(summary.bhyt.card, 5, 4)}</span>{' '}
          <span className={`badge ${cardValid ? 'ok' : 'warn'}`}>{t(cardValid ? 'patient.cardValid' : 'patient.cardInvalid')}{summary.bhyt.end ? ` ${formatDate(summary.bhyt.end)}` : ''}</span></dd></div>
      )}
      {summary.phone && <div><dt>{t('patient.phone')}</dt><dd className="mono">{maskPhone(summary.phone)}</dd></div>}
      {summary.guardian && <div><dt>{t('patient.guardian')}</dt><dd>{summary.guardian}</dd></div>}
    </dl>
  );
}
