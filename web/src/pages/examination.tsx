// The doctor's examination workspace for one visit, opened from the room queue: the patient banner stays in view
// while the doctor records vital signs, the clinical note, diagnoses (ICD-10, QĐ 4469) and allergies, then writes the
// prescription. The draft lives in sessionStorage per visit, so an accidental reload loses nothing; saving sends one
// FHIR transaction (the server's access rules decide who may).
import { useCallback, useEffect, useState } from 'react';
import type { AllergyIntolerance, Bundle, Condition, Encounter, Patient } from '@medplum/fhirtypes';
import { ApiFailure, getJson, postJson, type Session } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.tsx';
import './examination-messages.ts';
import { navigate, useSearchParam } from '../router.ts';
import { SHORTCUTS, useShortcut } from '../shortcuts.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Combobox, Kbd, TextField } from '../ui/fields.tsx';
import { useRemoteSearch } from '../ui/use-remote-search.ts';
import { summarizePatient, type PatientSummary } from '../../../fhir/registration/patient-summary.ts';
import type { Icd10Entry } from '../../../fhir/terminology/icd10.ts';
import { barredMainDiagnosis, emptyDraft, examinationTransaction, makeMainDiagnosis, NOTE_SECTIONS, removeDiagnosis, type ExaminationDraft, type NoteSection } from '../../../fhir/examination/visit-record.ts';
import { readVital, vitalValues, VITAL_SIGNS, type VitalKey } from '../../../fhir/examination/vitals.ts';
import { vnDate } from '../../../fhir/vietnam-time.ts';
import { PatientFacts } from './patient-card.tsx';
import { PrescriptionEditor, type PrescriptionDraftLine } from './prescription-editor.tsx';
import { ChartTrends, VisitTimeline } from './chart-timeline.tsx';
import { CloseVisit } from './close-visit.tsx';
import { usePatientChart } from './use-patient-chart.ts';

interface StoredWork {
  exam: ExaminationDraft;
  /** True when the exam has changes not yet saved. */
  dirty: boolean;
  prescription: { lines: PrescriptionDraftLine[]; advice: string };
}

const storageKey = (encounterId: string) => `sen.exam.${encounterId}`;

function loadStored(encounterId: string): StoredWork | undefined {
  try {
    const text = sessionStorage.getItem(storageKey(encounterId));
    return text ? (JSON.parse(text) as StoredWork) : undefined;
  } catch {
    return undefined;
  }
}

function store(encounterId: string, work: StoredWork): void {
  try {
    sessionStorage.setItem(storageKey(encounterId), JSON.stringify(work));
  } catch {
    // Storage full or refused: the work stays on screen only.
  }
}

interface VisitContext {
  encounter: Encounter;
  patient: PatientSummary;
  allergies: string[];
  problems: string[];
}

const codesOf = (body: { codes: Icd10Entry[] }) => body.codes;
const isEncounterDiagnosis = (condition: Condition) => !!condition.category?.some((category) => category.coding?.some((coding) => coding.code === 'encounter-diagnosis'));
const entries = <T,>(bundle: Bundle): T[] => (bundle.entry ?? []).map((entry) => entry.resource as T);
const conceptText = (concept: Condition['code']) => concept?.text ?? concept?.coding?.[0]?.display ?? concept?.coding?.[0]?.code ?? '';

async function loadVisit(encounterId: string): Promise<{ visit: VisitContext; diagnoses: ExaminationDraft['diagnoses'] }> {
  const encounter = await getJson<Encounter>(`/fhir/R4/Encounter/${encodeURIComponent(encounterId)}`);
  const patientId = encounter.subject?.reference?.split('/')[1] ?? '';
  const [patient, allergies, conditions] = await Promise.all([
    getJson<Patient>(`/fhir/R4/Patient/${encodeURIComponent(patientId)}`),
    getJson<Bundle>(`/fhir/R4/AllergyIntolerance?patient=Patient/${encodeURIComponent(patientId)}&_count=100`),
    getJson<Bundle>(`/fhir/R4/Condition?patient=Patient/${encodeURIComponent(patientId)}&_count=200`),
  ]);
  const active = (resource: Pick<Condition, 'clinicalStatus' | 'verificationStatus'>) => (resource.clinicalStatus?.coding?.[0]?.code ?? 'active') === 'active'
    && !['entered-in-error', 'refuted'].includes(resource.verificationStatus?.coding?.[0]?.code ?? '');
  const all = entries<Condition>(conditions).filter(active);
  const ofVisit = all.filter((condition) => condition.encounter?.reference === `Encounter/${encounterId}`);
  const rank = (condition: Condition) => encounter.diagnosis?.find((d) => d.condition?.reference === `Condition/${condition.id}`)?.rank ?? 99;
  return {
    visit: {
      encounter,
      patient: summarizePatient(patient, vnDate(Date.now())),
      allergies: entries<AllergyIntolerance>(allergies).filter(active).map((allergy) => conceptText(allergy.code)).filter(Boolean),
      // The problem list: active problem-list items (or uncategorised conditions), not the diagnoses of past visits.
      problems: [...new Set(all.filter((condition) => !ofVisit.includes(condition) && !isEncounterDiagnosis(condition)).map((condition) => {
        const code = condition.code?.coding?.[0]?.code;
        return code ? `${code} ${conceptText(condition.code)}` : conceptText(condition.code);
      }).filter(Boolean))],
    },
    diagnoses: ofVisit.sort((a, b) => rank(a) - rank(b)).map((condition) => ({
      id: condition.id!, code: condition.code?.coding?.[0]?.code ?? '', display: conceptText(condition.code), saved: true,
    })),
  };
}

export default function ExaminationPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const encounterId = useSearchParam('encounter') ?? '';
  const [visit, setVisit] = useState<VisitContext | undefined>();
  const [work, setWork] = useState<StoredWork | undefined>();
  const [failure, setFailure] = useState<unknown>();

  useEffect(() => {
    setVisit(undefined);
    setFailure(undefined);
    if (!encounterId) return;
    loadVisit(encounterId).then(({ visit: loaded, diagnoses }) => {
      setVisit(loaded);
      setWork(loadStored(encounterId) ?? { exam: { ...emptyDraft(), diagnoses }, dirty: false, prescription: { lines: [], advice: '' } });
    }, setFailure);
  }, [encounterId]);

  useEffect(() => {
    if (work && encounterId) store(encounterId, work);
  }, [work, encounterId]);

  if (!encounterId) return <section><h1>{t('exam.title')}</h1><p>{t('exam.fromQueue')}</p></section>;
  if (failure) {
    return (
      <section><h1>{t('exam.title')}</h1><p className="error" role="alert">{failure instanceof ApiFailure && failure.status === 403 ? t('common.forbidden')
        : failure instanceof ApiFailure && failure.status === 404 ? t('exam.notFound') : t('common.error', { message: failure instanceof Error ? failure.message : String(failure) })}</p></section>
    );
  }
  if (!visit || !work) return <p className="loading" role="status">{t('common.loading')}</p>;
  return <Workspace session={session} visit={visit} work={work} setWork={(update) => setWork((current) => (current ? update(current) : current))} onReload={() => loadVisit(encounterId).then(({ visit: loaded }) => setVisit(loaded))} />;
}

function PatientBanner({ visit }: { visit: VisitContext }) {
  const { t } = useI18n();
  const { patient } = visit;
  return (
    <section className="patient-banner" aria-label={t('exam.banner')}>
      <h1>{patient.name}</h1>
      <button type="button" className="link-button banner-chart" onClick={() => navigate(chartPath(visit))}>{t('chart.open')}</button>
      <PatientFacts summary={patient} today={vnDate(Date.now())} />
      <dl className="patient-facts banner-clinical">
        <div><dt>{t('exam.allergies')}</dt><dd>{visit.allergies.length
          ? visit.allergies.map((allergy) => <span key={allergy} className="badge danger">{allergy}</span>)
          : t('exam.noAllergies')}</dd></div>
        <div><dt>{t('exam.problems')}</dt><dd>{visit.problems.length ? visit.problems.join('; ') : t('common.none')}</dd></div>
      </dl>
    </section>
  );
}

const patientIdOf = (visit: VisitContext) => visit.encounter.subject?.reference?.split('/')[1] ?? '';
const chartPath = (visit: VisitContext) => `/chart?patient=${encodeURIComponent(patientIdOf(visit))}`;
/** Visits the workspace's history panel shows; the chart page shows them all. */
const RECENT_VISITS = 5;

/** The patient's latest visits (this one included, marked), with the trend, read afresh each time the panel opens;
 * the whole chart is a click away. */
function VisitHistory({ visit }: { visit: VisitContext }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details className="panel visit-history" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary><h2>{t('chart.history')}</h2></summary>
      {open && <RecentVisits visit={visit} />}
    </details>
  );
}

function RecentVisits({ visit }: { visit: VisitContext }) {
  const { t } = useI18n();
  const { chart, failure } = usePatientChart(patientIdOf(visit), RECENT_VISITS);
  if (failure) {
    return <p className="error" role="alert">{failure instanceof ApiFailure && failure.status === 403 ? t('common.forbidden') : t('common.error', { message: failure instanceof Error ? failure.message : String(failure) })}</p>;
  }
  if (!chart) return <p className="loading" role="status">{t('common.loading')}</p>;
  return (
    <>
      <ChartTrends trend={chart.trend} />
      <VisitTimeline visits={chart.visits} currentVisit={visit.encounter.id} />
      <button type="button" className="link-button" onClick={() => navigate(chartPath(visit))}>{t('chart.openAll')}</button>
    </>
  );
}

const VITAL_FIELDS: readonly VitalKey[] = ['pulse', 'systolic', 'diastolic', 'temperature', 'respiratoryRate', 'spo2', 'weight', 'height'];

function Workspace({ session, visit, work, setWork, onReload }: {
  session: Session; visit: VisitContext; work: StoredWork; setWork(update: (work: StoredWork) => StoredWork): void; onReload(): Promise<void>;
}) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const [newAllergy, setNewAllergy] = useState({ substance: '', reaction: '' });
  const { exam } = work;
  const encounterId = visit.encounter.id!;
  const edit = (change: (exam: ExaminationDraft) => ExaminationDraft) => setWork((current) => ({ ...current, exam: change(current.exam), dirty: true }));

  const vitalError = (key: VitalKey): string | undefined => {
    const reading = readVital(key, exam.vitals[key]);
    if (!reading || 'value' in reading) return undefined;
    const sign = VITAL_SIGNS[key];
    return reading.problem === 'not-a-number' ? t('vitals.notANumber') : t('vitals.outOfRange', { min: sign.min, max: sign.max, unit: sign.unit });
  };
  const values = vitalValues(exam.vitals);
  const bloodPressureError = (values.systolic === undefined) !== (values.diastolic === undefined) ? t('vitals.bothPressures')
    : values.systolic !== undefined && values.diastolic !== undefined && values.diastolic >= values.systolic ? t('vitals.pressureOrder') : undefined;
  const barred = barredMainDiagnosis(exam);
  const barredError = barred ? t('diagnosis.barredMain', { code: barred.code }) : undefined;
  const problems = VITAL_FIELDS.some((key) => vitalError(key)) || !!bloodPressureError;

  const save = useCallback(async (): Promise<boolean> => {
    if (problems || barredError) {
      const text = problems ? t('exam.fixVitals') : barredError!;
      setMessage({ kind: 'error', text });
      announce(text, 'assertive');
      return false;
    }
    setSaving(true);
    try {
      const { bundle, draft } = examinationTransaction(exam, {
        encounter: await getJson<Encounter>(`/fhir/R4/Encounter/${encodeURIComponent(encounterId)}`),
        patientId: visit.patient.id, author: session.user.displayName, now: new Date().toISOString(), newId: () => crypto.randomUUID(),
      });
      await postJson<Bundle>('/fhir/R4', bundle);
      setWork((current) => ({ ...current, exam: draft, dirty: false }));
      await onReload();
      setMessage({ kind: 'ok', text: t('exam.saved') });
      announce(t('exam.saved'));
      return true;
    } catch (failure) {
      const text = failure instanceof ApiFailure && failure.status === 403 ? t('common.forbidden') : t('exam.saveFailed', { message: failure instanceof Error ? failure.message : String(failure) });
      setMessage({ kind: 'error', text });
      announce(text, 'assertive');
      return false;
    } finally {
      setSaving(false);
    }
  }, [problems, barredError, exam, encounterId, visit.patient.id, session.user.displayName, setWork, onReload, t, announce]);
  useShortcut(SHORTCUTS.save, () => void save());

  const mainOnly = exam.diagnoses.length === 0;
  const [diagnosisOptions, searchDiagnoses] = useRemoteSearch(
    useCallback((text: string) => `/api/terminology/icd10?q=${encodeURIComponent(text.slice(0, 100))}${mainOnly ? '&main=1' : ''}`, [mainOnly]),
    codesOf,
  );
  const addDiagnosis = (code: string) => {
    const entry = diagnosisOptions.find((option) => option.code === code);
    if (!entry || exam.diagnoses.some((diagnosis) => diagnosis.code === code)) return;
    edit((draft) => ({ ...draft, diagnoses: [...draft.diagnoses, { id: crypto.randomUUID(), code: entry.code, display: entry.display, mainAllowed: entry.mainDiagnosisAllowed }] }));
    announce(t('exam.diagnosisAdded', { code: entry.code, name: entry.display }));
  };

  return (
    <section className="examination" aria-labelledby="exam-heading">
      <PatientBanner visit={visit} />
      <h2 id="exam-heading" className="visually-hidden">{t('exam.title')}</h2>
      <div className="exam-actions">
        <button type="button" className="link-button" onClick={() => navigate('/queue')}>{t('exam.backToQueue')}</button>
        {work.dirty && <span className="badge warn">{t('exam.unsaved')}</span>}
        <button type="button" className="primary" onClick={() => void save()} disabled={saving}>{saving ? t('exam.saving') : t('exam.save')} <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd></button>
        {message && <p className={message.kind === 'ok' ? 'ok-message' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'}>{message.text}</p>}
      </div>

      <VisitHistory visit={visit} />

      <section className="panel" aria-labelledby="vitals-heading">
        <h2 id="vitals-heading">{t('vitals.title')}</h2>
        <div className="vitals-grid">
          {VITAL_FIELDS.map((key) => (
            <TextField key={key} id={`vital-${key}`} label={`${t(`vitals.${key}` as MessageKey)} (${VITAL_SIGNS[key].unit})`} inputMode="decimal" autoComplete="off"
              value={exam.vitals[key] ?? ''} error={vitalError(key) ?? (key === 'diastolic' ? bloodPressureError : undefined)}
              onChange={(text) => edit((draft) => ({ ...draft, vitals: { ...draft.vitals, [key]: text } }))} />
          ))}
          <p className="vital-bmi" aria-live="polite"><span>{t('vitals.bmi')}</span> <strong data-testid="bmi">{values.bmi !== undefined ? values.bmi.toLocaleString('vi-VN') : t('common.none')}</strong></p>
        </div>
      </section>

      <section className="panel" aria-labelledby="note-heading">
        <h2 id="note-heading">{t('note.title')}</h2>
        {(Object.keys(NOTE_SECTIONS) as NoteSection[]).map((section) => (
          <div className="field" key={section}>
            <label htmlFor={`note-${section}`}>{t(`note.${section}` as MessageKey)}</label>
            <textarea id={`note-${section}`} rows={section === 'reason' ? 1 : 2} value={exam.note[section]}
              onChange={(event) => edit((draft) => ({ ...draft, note: { ...draft.note, [section]: event.target.value } }))} />
          </div>
        ))}
      </section>

      <section className="panel" aria-labelledby="diagnosis-heading">
        <h2 id="diagnosis-heading">{t('diagnosis.title')}</h2>
        {exam.diagnoses.length > 0 && (
          <ol className="diagnosis-list">
            {exam.diagnoses.map((diagnosis, index) => (
              <li key={diagnosis.id}>
                <span className={`badge ${index === 0 ? 'ok' : 'muted'}`}>{t(index === 0 ? 'diagnosis.main' : 'diagnosis.secondary')}</span>{' '}
                <span className="mono">{diagnosis.code}</span> {diagnosis.display}{' '}
                <button type="button" className="link-button small" aria-label={t('diagnosis.remove', { name: diagnosis.display })}
                  onClick={() => edit((draft) => removeDiagnosis(draft, diagnosis.id))}>{t('common.remove')}</button>
                {index > 0 && diagnosis.mainAllowed !== false && (
                  <button type="button" className="link-button small" aria-label={t('diagnosis.makeMainLabel', { name: diagnosis.display })}
                    onClick={() => edit((draft) => makeMainDiagnosis(draft, diagnosis.id))}>{t('diagnosis.makeMain')}</button>
                )}
              </li>
            ))}
          </ol>
        )}
        {barredError && <p className="field-error" role="alert">{barredError}</p>}
        <Combobox id="diagnosis-search" label={t(exam.diagnoses.length ? 'diagnosis.addSecondary' : 'diagnosis.addMain')} value=""
          hint={t(exam.diagnoses.length ? 'diagnosis.hint' : 'diagnosis.mainHint')} placeholder={t('diagnosis.placeholder')}
          options={diagnosisOptions.map((entry) => ({ value: entry.code, label: `${entry.code} ${entry.display}` }))}
          onSearch={searchDiagnoses} onChange={addDiagnosis} />
      </section>

      <section className="panel" aria-labelledby="allergy-heading">
        <h2 id="allergy-heading">{t('allergy.title')}</h2>
        {exam.allergies.length > 0 && (
          <ul className="diagnosis-list">
            {exam.allergies.map((allergy) => (
              <li key={allergy.id}><span className="badge danger">{allergy.substance}</span> {allergy.reaction}{' '}
                <button type="button" className="link-button small" aria-label={t('allergy.remove', { name: allergy.substance })}
                  onClick={() => edit((draft) => ({ ...draft, allergies: draft.allergies.filter((other) => other.id !== allergy.id) }))}>{t('common.remove')}</button>
                {' '}<span className="muted">{t('allergy.pending')}</span>
              </li>
            ))}
          </ul>
        )}
        <form className="inline-form" onSubmit={(event) => {
          event.preventDefault();
          if (!newAllergy.substance.trim()) return;
          edit((draft) => ({ ...draft, allergies: [...draft.allergies, { id: crypto.randomUUID(), ...newAllergy }] }));
          setNewAllergy({ substance: '', reaction: '' });
        }}>
          <TextField id="allergy-substance" label={t('allergy.substance')} hint={t('allergy.substanceHint')} value={newAllergy.substance}
            onChange={(substance) => setNewAllergy((current) => ({ ...current, substance }))} />
          <TextField id="allergy-reaction" label={t('allergy.reaction')} value={newAllergy.reaction}
            onChange={(reaction) => setNewAllergy((current) => ({ ...current, reaction }))} />
          <button type="submit" className="secondary" disabled={!newAllergy.substance.trim()}>{t('allergy.add')}</button>
        </form>
      </section>

      <PrescriptionEditor patientId={visit.patient.id} encounterId={encounterId} draft={work.prescription}
        onDraft={(prescription) => setWork((current) => ({ ...current, prescription }))}
        beforeSubmit={async () => (work.dirty ? save() : true)} />
      <CloseVisit encounter={visit.encounter} dirty={work.dirty} onClosed={onReload} />
    </section>
  );
}
