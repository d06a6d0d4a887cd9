// Closing the visit, the workspace's last panel: outcome, follow-up date and advice, sent with the queue's finish
// action (the Encounter becomes finished and leaves the room's queue). Choosing a referral records the intent only.
import { useState } from 'react';
import type { Encounter } from '@medplum/fhirtypes';
import { ApiFailure, postJson } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { SelectField, TextField } from '../ui/fields.tsx';
import { MAX_ADVICE, VISIT_OUTCOMES, type VisitOutcome } from '../../../fhir/examination/visit-closing.ts';
import { DAY_MS, vnDate } from '../../../fhir/vietnam-time.ts';

export function CloseVisit({ encounter, dirty, onClosed }: { encounter: Encounter; dirty: boolean; onClosed(): Promise<void> }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [outcome, setOutcome] = useState<VisitOutcome>('home');
  const [followUp, setFollowUp] = useState('');
  const [advice, setAdvice] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const tell = (kind: 'ok' | 'error', text: string) => {
    setMessage({ kind, text });
    announce(text, kind === 'error' ? 'assertive' : 'polite');
  };

  if (encounter.status === 'finished') {
    const disposition = encounter.hospitalization?.dischargeDisposition?.text;
    return (
      <section className="panel" aria-labelledby="close-heading">
        <h2 id="close-heading">{t('close.title')}</h2>
        {message && <p className="ok-message" role="status">{message.text}</p>}
        <p>{disposition ? t('close.closed', { outcome: disposition }) : t('close.closedPlain')}</p>
      </section>
    );
  }

  const close = async () => {
    if (dirty) return tell('error', t('close.saveFirst'));
    setBusy(true);
    try {
      await postJson(`/api/queue/${encodeURIComponent(encounter.id!)}/finish`, { outcome, followUp, advice });
      tell('ok', t('close.done'));
      await onClosed();
    } catch (error) {
      tell('error', error instanceof ApiFailure && error.status === 403 ? t('common.forbidden') : t('close.failed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel close-visit" aria-labelledby="close-heading">
      <h2 id="close-heading">{t('close.title')}</h2>
      <SelectField id="close-outcome" label={t('close.outcome')} value={outcome} onChange={(value) => setOutcome(value as VisitOutcome)}
        options={(Object.keys(VISIT_OUTCOMES) as VisitOutcome[]).map((value) => ({ value, label: t(`close.outcome.${value}` as MessageKey) }))}
        hint={outcome === 'referred' ? t('close.referralNote') : undefined} />
      <TextField id="close-follow-up" type="date" label={t('close.followUp')} value={followUp} onChange={setFollowUp} min={vnDate(Date.now() + DAY_MS)} />
      <div className="field">
        <label htmlFor="close-advice">{t('close.advice')}</label>
        <textarea id="close-advice" rows={2} maxLength={MAX_ADVICE} value={advice} onChange={(event) => setAdvice(event.target.value)} />
      </div>
      <button type="button" className="primary" onClick={() => void close()} disabled={busy}>{t('close.submit')}</button>
      {message && <p className={message.kind === 'ok' ? 'ok-message' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'}>{message.text}</p>}
    </section>
  );
}
