// The prescription editor of the examination workspace: drugs searched as you type in the facility's catalogue, a
// dosage builder per drug showing live the paper's wording, the insurance form of the dose and the quantity (the same
// builder the server signs with), the safety check with each finding explained and warnings acknowledged one by one,
// signing, the printable A5 paper and the national prescription system's answer. The doctor's templates and starred
// drugs (prescription-templates.tsx) add lines with their dosage in one step.
import { useEffect, useState } from 'react';
import { ApiFailure, authFetch, getJson, postJson } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.tsx';
import './examination-messages.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Combobox, SelectField, TextField } from '../ui/fields.tsx';
import { useRemoteSearch } from '../ui/use-remote-search.ts';
import { FavouriteDrugs, TemplatePanel, useFavourites, type DrugToAdd, type LineToSave } from './prescription-templates.tsx';
import { buildDosage, type BuiltDosage, type DosageInput, type DoseSlot, type MealRelation } from '../../../fhir/prescription/dosage.ts';
import { doseUnitOf, type CatalogueDrug } from '../../../fhir/prescription/medication.ts';
import type { Bilingual } from '../../../fhir/prescription/messages.ts';

export interface PrescriptionDraftLine {
  medicationId: string;
  drug: CatalogueDrug;
  dose: string;
  slots: DoseSlot[];
  timesPerDay: string;
  meal: MealRelation | '';
  days: string;
  /** Dosage choices the builder takes but this editor does not show (a template's note), kept as they came. */
  kept?: Omit<DosageInput, 'dose' | 'slots' | 'timesPerDay' | 'meal' | 'days'>;
}

interface CatalogueMatch {
  medicationId: string;
  drug: CatalogueDrug;
  /** Starred by the doctor: such drugs come first, with the dosage to start from. */
  favourite?: { dosage?: DosageInput };
}

interface Finding {
  key: string;
  rule: string;
  severity: 'error' | 'warning';
  lines: number[];
  message: Bilingual;
}

interface Signed {
  code: string;
  displayCode: string;
}

interface NationalStatus {
  national: { status: 'pending' | 'in_flight' | 'delivered' | 'failed' | 'not_queued'; lastError?: string };
}

const SLOTS: readonly DoseSlot[] = ['morning', 'noon', 'afternoon', 'evening'];
/** With bedtime, which only a template or a star brings: kept, in the day's order. */
const ALL_SLOTS: readonly DoseSlot[] = [...SLOTS, 'bedtime'];
const MEALS: readonly MealRelation[] = ['before-meal', 'after-meal', 'with-meal'];
const POLL_MS = 2000;

const catalogueUrl = (text: string) => `/api/prescriptions/catalogue?q=${encodeURIComponent(text.slice(0, 100))}`;
const drugsOf = (body: { drugs: CatalogueMatch[] }) => body.drugs;
const number = (text: string) => Number(text.trim().replace(',', '.'));
const decimal = (value: number) => String(value).replace('.', ',');

/** A new line of the editor: the dosage given (a template's, a star's), else once the doctor's usual twice a day. */
function draftLine({ medicationId, drug, dosage }: DrugToAdd): PrescriptionDraftLine {
  if (!dosage) return { medicationId, drug, dose: '1', slots: ['morning', 'afternoon'], timesPerDay: '', meal: 'after-meal', days: '5' };
  const { dose, slots, timesPerDay, meal, days, ...kept } = dosage;
  return {
    medicationId,
    drug,
    dose: dose === undefined ? '' : decimal(dose),
    slots: [...(slots ?? [])],
    timesPerDay: timesPerDay === undefined ? '' : String(timesPerDay),
    meal: meal ?? '',
    days: String(days),
    ...(Object.keys(kept).length ? { kept } : {}),
  };
}

/** The line's dosage choices for the builder and the server, or the Vietnamese/English message saying what is missing. */
function dosageOf(line: PrescriptionDraftLine): { input: DosageInput } | { problem: MessageKey } {
  const dose = number(line.dose);
  if (!line.dose.trim() || !(dose > 0)) return { problem: 'rx.needDose' };
  const days = number(line.days);
  if (!Number.isInteger(days) || days < 1 || days > 365) return { problem: 'rx.needDays' };
  const input: DosageInput = { ...line.kept, dose, days };
  if (line.slots.length) input.slots = ALL_SLOTS.filter((slot) => line.slots.includes(slot));
  else {
    const times = number(line.timesPerDay);
    if (!Number.isInteger(times) || times < 1 || times > 12) return { problem: 'rx.needTimes' };
    input.timesPerDay = times;
  }
  if (line.meal) input.meal = line.meal;
  return { input };
}

function built(line: PrescriptionDraftLine): { dosage: BuiltDosage; input: DosageInput } | { problem: MessageKey } {
  const choice = dosageOf(line);
  if ('problem' in choice) return choice;
  try {
    return { dosage: buildDosage(line.drug, choice.input), input: choice.input };
  } catch {
    return { problem: 'rx.badDosage' };
  }
}

export function PrescriptionEditor({ patientId, encounterId, draft, onDraft, beforeSubmit }: {
  patientId: string;
  encounterId: string;
  draft: { lines: PrescriptionDraftLine[]; advice: string };
  onDraft(draft: { lines: PrescriptionDraftLine[]; advice: string }): void;
  /** Saves the examination first: the prescription takes the visit's diagnoses. */
  beforeSubmit(): Promise<boolean>;
}) {
  const { t, language } = useI18n();
  const announce = useAnnounce();
  const [matches, search] = useRemoteSearch(catalogueUrl, drugsOf);
  const [findings, setFindings] = useState<Finding[] | undefined>();
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [signed, setSigned] = useState<Signed | undefined>();
  const [status, setStatus] = useState<NationalStatus['national'] | undefined>();

  const change = (next: Partial<typeof draft>) => {
    onDraft({ ...draft, ...next });
    setFindings(undefined);
    setAcknowledged([]);
  };
  const setLine = (index: number, patch: Partial<PrescriptionDraftLine>) => change({ lines: draft.lines.map((line, i) => (i === index ? { ...line, ...patch } : line)) });

  const favourites = useFavourites();
  const addDrugs = (drugs: DrugToAdd[]) => {
    if (drugs.length === 0) return;
    change({ lines: [...draft.lines, ...drugs.map(draftLine)] });
    announce(drugs.length === 1 ? t('rx.added', { name: drugs[0].drug.name }) : t('rx.addedMany', { n: drugs.length }));
    setTimeout(() => document.getElementById(`rx-dose-${draft.lines.length}`)?.focus(), 0);
  };
  const addDrug = (medicationId: string) => {
    const match = matches.find((candidate) => candidate.medicationId === medicationId);
    if (match) addDrugs([{ medicationId, drug: match.drug, dosage: match.favourite?.dosage }]);
  };

  const lines = draft.lines.map(built);
  const ready = lines.length > 0 && lines.every((line) => !('problem' in line));
  const linesToSave = (): LineToSave[] | undefined =>
    ready ? draft.lines.map((line, index) => ({ medicationId: line.medicationId, dosage: (lines[index] as { input: DosageInput }).input })) : undefined;
  const body = () => ({
    patientId,
    encounterId,
    lines: linesToSave(),
    advice: draft.advice.trim() || undefined,
    acknowledgedWarnings: acknowledged,
  });
  /** What went wrong, in the screen's language: findings the server found on signing go back into the check. */
  const failureText = (failure: unknown): string => {
    if (!(failure instanceof ApiFailure)) return t('common.error', { message: failure instanceof Error ? failure.message : String(failure) });
    if (failure.status === 403) return t('common.forbidden');
    const { error: code, findings: found, problems } = failure.body as { error?: string; findings?: Finding[]; problems?: { field: string; message: string }[] };
    if ((code === 'unsafe_prescription' || code === 'warnings_not_acknowledged') && found) {
      setFindings(found);
      setAcknowledged([]);
      return t('rx.refusedFindings');
    }
    if (code === 'incomplete_for_national_system' && problems) return t('rx.incomplete', { details: problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') });
    return t('rx.refused', { message: failure.message });
  };

  async function check() {
    setBusy(true);
    setError('');
    try {
      if (!(await beforeSubmit())) return;
      const result = await postJson<{ findings: Finding[] }>('/api/prescriptions/check', body());
      setFindings(result.findings);
      setAcknowledged([]);
      announce(result.findings.length ? t('rx.findingsCount', { n: result.findings.length }) : t('rx.noFindings'), result.findings.length ? 'assertive' : 'polite');
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  }

  async function sign() {
    setBusy(true);
    setError('');
    try {
      const result = await postJson<Signed>('/api/prescriptions', body());
      setSigned(result);
      setStatus(undefined);
      onDraft({ lines: [], advice: '' });
      setFindings(undefined);
      announce(t('rx.signedAnnounce', { code: result.displayCode }), 'assertive');
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  }

  async function print(code: string) {
    setError('');
    const opened = window.open('', '_blank');
    try {
      const response = await authFetch(`/api/prescriptions/${encodeURIComponent(code)}/pdf`);
      if (!response.ok) throw new Error(response.statusText);
      const url = URL.createObjectURL(await response.blob());
      if (opened) opened.location.href = url;
      else window.location.assign(url);
    } catch (failure) {
      opened?.close();
      setError(failureText(failure));
    }
  }

  // The national system's answer comes from the outbox: poll until delivered or failed.
  useEffect(() => {
    if (!signed) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      getJson<NationalStatus>(`/api/prescriptions/${encodeURIComponent(signed.code)}`).then((result) => {
        if (stopped) return;
        setStatus(result.national);
        if (result.national.status === 'delivered') announce(t('rx.national.delivered'));
        else if (result.national.status === 'failed') announce(t('rx.national.failed', { message: result.national.lastError ?? '' }), 'assertive');
        else timer = setTimeout(poll, POLL_MS);
      }, () => {
        if (!stopped) timer = setTimeout(poll, POLL_MS);
      });
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [signed, announce, t]);

  const errors = findings?.filter((finding) => finding.severity === 'error') ?? [];
  const warnings = findings?.filter((finding) => finding.severity === 'warning') ?? [];
  const signable = ready && findings !== undefined && errors.length === 0 && warnings.every((warning) => acknowledged.includes(warning.key));

  return (
    <section className="panel prescription" aria-labelledby="rx-heading">
      <h2 id="rx-heading">{t('rx.title')}</h2>
      {signed && (
        <div className="rx-signed" role="region" aria-label={t('rx.signedTitle')}>
          <p>{t('rx.signed')} <strong className="mono" data-testid="rx-code">{signed.displayCode}</strong></p>
          <button type="button" className="primary" onClick={() => void print(signed.code)}>{t('rx.print')}</button>
          <p role="status" data-testid="rx-national">
            {!status || status.status === 'pending' || status.status === 'in_flight' || status.status === 'not_queued' ? t('rx.national.sending')
              : status.status === 'delivered' ? <span className="badge ok">{t('rx.national.delivered')}</span>
                : <span className="badge danger">{t('rx.national.failed', { message: status.lastError ?? '' })}</span>}
          </p>
        </div>
      )}
      <Combobox id="rx-drug-search" label={t('rx.addDrug')} value="" hint={t('rx.searchHint')} placeholder={t('rx.placeholder')}
        options={matches.map((match) => ({ value: match.medicationId, label: `${match.favourite ? '★ ' : ''}${match.drug.name}${match.drug.ingredients.length ? ` — ${match.drug.ingredients.map((ingredient) => ingredient.name).join(' + ')}` : ''} (${match.drug.unit})` }))}
        onSearch={search} onChange={addDrug} />
      <FavouriteDrugs favourites={favourites.favourites} onAdd={(favourite) => addDrugs([favourite])} />
      {favourites.error && <p className="error" role="alert">{favourites.error}</p>}
      <TemplatePanel current={linesToSave()} onApply={addDrugs} />
      {draft.lines.length > 0 && (
        <ol className="rx-lines">
          {draft.lines.map((line, index) => {
            const result = lines[index];
            const unit = doseUnitOf(line.drug);
            const lineFindings = findings?.filter((finding) => finding.lines.includes(index)) ?? [];
            return (
              <li key={`${line.medicationId}-${index}`} className="rx-line" aria-label={line.drug.name}>
                <div className="rx-line-head">
                  <h3>{index + 1}. {line.drug.name}</h3>
                  {favourites.enabled && <button type="button" className="link-button small star" aria-pressed={favourites.starred(line.medicationId)}
                    aria-label={t('rx.fav.toggle', { name: line.drug.name })}
                    title={t(favourites.starred(line.medicationId) ? 'rx.fav.unstar' : 'rx.fav.star', { name: line.drug.name })}
                    onClick={() => void favourites.toggle({ medicationId: line.medicationId, drug: line.drug, dosage: 'input' in result ? result.input : undefined })}>
                    <span aria-hidden="true">{favourites.starred(line.medicationId) ? '★' : '☆'}</span>
                  </button>}
                  <button type="button" className="link-button small" aria-label={t('rx.remove', { name: line.drug.name })}
                    onClick={() => change({ lines: draft.lines.filter((_, i) => i !== index) })}>{t('common.remove')}</button>
                </div>
                <div className="rx-builder">
                  <TextField id={`rx-dose-${index}`} label={t('rx.dose', { unit })} inputMode="decimal" autoComplete="off" value={line.dose}
                    onChange={(dose) => setLine(index, { dose })} />
                  <fieldset className="field rx-slots">
                    <legend>{t('rx.when')}</legend>
                    <div className="rx-slot-options">{SLOTS.map((slot) => (
                      <label key={slot} className="checkbox">
                        <input type="checkbox" checked={line.slots.includes(slot)}
                          onChange={(event) => setLine(index, { slots: event.target.checked ? [...line.slots, slot] : line.slots.filter((other) => other !== slot) })} />
                        {t(`rx.slot.${slot}` as MessageKey)}
                      </label>
                    ))}</div>
                  </fieldset>
                  <TextField id={`rx-times-${index}`} label={t('rx.timesPerDay')} inputMode="numeric" autoComplete="off" disabled={line.slots.length > 0}
                    value={line.slots.length ? String(line.slots.length) : line.timesPerDay} hint={line.slots.length ? t('rx.timesFromSlots') : undefined}
                    onChange={(timesPerDay) => setLine(index, { timesPerDay })} />
                  <SelectField id={`rx-meal-${index}`} label={t('rx.meal')} value={line.meal} placeholder={t('rx.meal.none')}
                    options={MEALS.map((meal) => ({ value: meal, label: t(`rx.meal.${meal}` as MessageKey) }))}
                    onChange={(meal) => setLine(index, { meal: meal as MealRelation | '' })} />
                  <TextField id={`rx-days-${index}`} label={t('rx.days')} inputMode="numeric" autoComplete="off" value={line.days}
                    onChange={(days) => setLine(index, { days })} />
                </div>
                {'problem' in result ? <p className="field-error" role="alert">{t(result.problem)}</p> : (
                  <dl className="rx-wording" aria-live="polite">
                    <div><dt>{t('rx.paper')}</dt><dd data-testid={`rx-wording-${index}`}>{result.dosage.wording}</dd></div>
                    <div><dt>{t('rx.insurance')}</dt><dd>{result.dosage.insuranceWording ?? t('common.none')}</dd></div>
                    <div><dt>{t('rx.quantity')}</dt><dd data-testid={`rx-quantity-${index}`}>{result.dosage.quantity !== undefined ? `${result.dosage.quantity} ${line.drug.unit}` : t('common.none')}</dd></div>
                  </dl>
                )}
                {lineFindings.length > 0 && <p className="muted">{t('rx.seeFindings', { n: lineFindings.length })}</p>}
              </li>
            );
          })}
        </ol>
      )}
      <div className="field">
        <label htmlFor="rx-advice">{t('rx.advice')}</label>
        <textarea id="rx-advice" rows={2} value={draft.advice} onChange={(event) => change({ advice: event.target.value })} />
      </div>
      {findings && (
        <section className="rx-findings" aria-labelledby="rx-findings-heading">
          <h3 id="rx-findings-heading">{t('rx.findings')}</h3>
          {findings.length === 0 ? <p className="ok-message">{t('rx.noFindings')}</p> : (
            <ul>
              {findings.map((finding) => (
                <li key={finding.key} className={`finding ${finding.severity}`}>
                  <span className={`badge ${finding.severity === 'error' ? 'danger' : 'warn'}`}>{t(finding.severity === 'error' ? 'rx.error' : 'rx.warning')}</span>{' '}
                  <span lang={language}>{finding.message[language]}</span>
                  {finding.severity === 'warning' && (
                    <label className="checkbox acknowledge">
                      <input type="checkbox" checked={acknowledged.includes(finding.key)}
                        onChange={(event) => setAcknowledged((current) => event.target.checked ? [...current, finding.key] : current.filter((key) => key !== finding.key))} />
                      {t('rx.acknowledge')}
                    </label>
                  )}
                </li>
              ))}
            </ul>
          )}
          {errors.length > 0 && <p className="error">{t('rx.cannotSign')}</p>}
        </section>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="rx-actions">
        <button type="button" className="secondary" disabled={!ready || busy} onClick={() => void check()}>{t('rx.check')}</button>
        <button type="button" className="primary" disabled={!signable || busy} onClick={() => void sign()}>{t('rx.sign')}</button>
        {ready && findings === undefined && <span className="muted">{t('rx.checkFirst')}</span>}
      </div>
    </section>
  );
}
