// Merging duplicate records (facility administrators): pick the record to keep and the duplicate, compare them side
// by side, give the reason, merge; every merge can be undone from the list below.
import { useCallback, useEffect, useState } from 'react';
import type { Patient } from '@medplum/fhirtypes';
import { ApiFailure, getJson, postJson, type Session } from '../api.ts';
import { formatDate, formatTime, useI18n } from '../i18n.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { TextField } from '../ui/fields.tsx';
import { summarizePatient } from '../../../fhir/registration/patient-summary.ts';

import { PatientFacts } from './patient-card.tsx';
import { searchPatients } from './patient-search.ts';
import { vnDate } from '../../../fhir/vietnam-time.ts';

interface Merge {
  id: string;
  sourceId: string;
  targetId: string;
  reason: string;
  moved: string[];
  mergedAt: string;
  undoneAt: string | null;
}

function PatientPicker({ id, label, value, onChange, exclude }: { id: string; label: string; value?: Patient; onChange(patient?: Patient): void; exclude?: string }) {
  const { t } = useI18n();
  const today = vnDate(Date.now());
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Patient[]>([]);
  useEffect(() => {
    if (!query.trim()) {
      setResults([]);
      return undefined;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      searchPatients(query, controller.signal).then((found) => setResults(found.filter((patient) => patient.id !== exclude && patient.active !== false)), () => setResults([]));
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query, exclude]);
  if (value) {
    const summary = summarizePatient(value, today);
    return (
      <div className="card merge-side">
        <h2>{label}</h2>
        <p className="result-name">{summary.name}</p>
        <PatientFacts summary={summary} today={today} />
        <button type="button" className="link-button" onClick={() => onChange(undefined)}>{t('merge.change')}</button>
      </div>
    );
  }
  return (
    <div className="card merge-side">
      <h2 id={`${id}-heading`}>{label}</h2>
      <TextField id={id} label={t('search.label')} hint={t('search.hint')} value={query} onChange={setQuery} autoComplete="off" spellCheck={false} />
      <ul className="result-list" aria-labelledby={`${id}-heading`}>
        {results.map((patient) => {
          const summary = summarizePatient(patient, today);
          return (
            <li key={patient.id} className="result">
              <button type="button" className="link-button result-name" onClick={() => onChange(patient)}>{summary.name}</button>
              <PatientFacts summary={summary} today={today} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export default function MergePage({ session: _session }: { session: Session }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [target, setTarget] = useState<Patient>();
  const [source, setSource] = useState<Patient>();
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [merges, setMerges] = useState<Merge[]>([]);
  const [names, setNames] = useState<Record<string, string>>({});

  const load = useCallback(() => {
    getJson<{ merges: Merge[] }>('/api/patients/merges').then(async (body) => {
      setMerges(body.merges);
      const ids = [...new Set(body.merges.flatMap((merge) => [merge.sourceId, merge.targetId]))];
      const found = await Promise.all(ids.map((id) => getJson<Patient>(`/fhir/R4/Patient/${encodeURIComponent(id)}`).then((patient) => [id, summarizePatient(patient, vnDate(Date.now())).name] as const, () => [id, id] as const)));
      setNames(Object.fromEntries(found));
    }, () => undefined);
  }, []);
  useEffect(load, [load]);

  const fail = (failure: unknown) => setError(failure instanceof ApiFailure && failure.status === 403 ? t('common.forbidden') : t('common.error', { message: failure instanceof Error ? failure.message : String(failure) }));

  async function merge() {
    if (!source?.id || !target?.id) return;
    setBusy(true);
    setError('');
    try {
      const result = await postJson<{ moved: string[] }>('/api/patients/merge', { sourceId: source.id, targetId: target.id, reason });
      announce(t('merge.done', { n: result.moved.length }), 'assertive');
      setSource(undefined);
      setTarget(undefined);
      setReason('');
      setConfirmed(false);
      load();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  }

  async function undo(id: string) {
    setError('');
    try {
      await postJson(`/api/patients/merges/${encodeURIComponent(id)}/undo`, {});
      announce(t('merge.undone'), 'assertive');
      load();
    } catch (failure) {
      fail(failure);
    }
  }

  return (
    <section className="merge" aria-labelledby="merge-heading">
      <h1 id="merge-heading">{t('merge.title')}</h1>
      <p className="muted">{t('merge.intro')}</p>
      <div className="merge-grid">
        <PatientPicker id="merge-target" label={t('merge.target')} value={target} onChange={setTarget} exclude={source?.id} />
        <PatientPicker id="merge-source" label={t('merge.source')} value={source} onChange={setSource} exclude={target?.id} />
      </div>
      {source && target && (
        <div className="card merge-confirm">
          <TextField id="merge-reason" label={t('merge.reason')} value={reason} onChange={setReason} required maxLength={1000} />
          <label className="checkbox"><input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} /> {t('merge.confirm')}</label>
          <div className="actions">
            <button type="button" className="primary" disabled={!confirmed || reason.trim().length < 5 || busy} onClick={() => void merge()}>{t('merge.submit')}</button>
          </div>
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <h2>{t('merge.history')}</h2>
      {merges.length === 0 ? <p className="muted">{t('merge.none')}</p> : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('merge.when')}</th>
                <th scope="col">{t('merge.source')}</th>
                <th scope="col">{t('merge.target')}</th>
                <th scope="col">{t('merge.reason')}</th>
                <th scope="col">{t('merge.moved')}</th>
                <th scope="col">{t('queue.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {merges.map((merge) => (
                <tr key={merge.id}>
                  <td>{formatTime(merge.mergedAt)} {formatDate(merge.mergedAt.slice(0, 10))}</td>
                  <td>{names[merge.sourceId] ?? merge.sourceId}</td>
                  <td>{names[merge.targetId] ?? merge.targetId}</td>
                  <td>{merge.reason}</td>
                  <td>{merge.moved.length}</td>
                  <td>{merge.undoneAt ? t('merge.wasUndone') : <button type="button" className="secondary small" onClick={() => void undo(merge.id)}>{t('merge.undo')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
