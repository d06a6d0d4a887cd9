// The prescribing doctor's own shortcuts in the prescription editor: named templates ("Đơn mẫu") saved from the
// lines being written, applied back in one step (the drugs the catalogue has lost since are named, not added), renamed,
// updated and deleted; and starred drugs ("thuốc hay dùng") with the dosage to start from.
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure, getJson, postJson, sendJson } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { SelectField, TextField } from '../ui/fields.tsx';
import type { DosageInput } from '../../../fhir/prescription/dosage.ts';
import type { CatalogueDrug } from '../../../fhir/prescription/medication.ts';
import type { Bilingual } from '../../../fhir/prescription/messages.ts';
import { MAX_TEMPLATE_NAME } from '../../../fhir/prescription/prescription-template.ts';

/** A drug to add to the prescription, with the dosage to start from when there is one. */
export interface DrugToAdd {
  medicationId: string;
  drug: CatalogueDrug;
  dosage?: DosageInput;
}

/** A line of the prescription as the server takes it. */
export interface LineToSave {
  medicationId: string;
  dosage: DosageInput;
}

interface TemplateSummary {
  id: string;
  name: string;
  drugs: string[];
}

interface AppliedTemplate {
  name: string;
  lines: DrugToAdd[];
  unavailable: { position: number; message: Bilingual }[];
}

const TEMPLATES = '/api/prescriptions/templates';
/** Templates and stars are the prescriber's: for anyone else (a nurse at the editor) they are simply not there. */
const notPrescriber = (failure: unknown) => failure instanceof ApiFailure && failure.status === 403;
const FAVOURITES = '/api/prescriptions/favourites';

/** What the server refused, said in the screen's language; its own (English) message only as the detail. */
function useFailureText(): (failure: unknown, name?: string) => string {
  const { t } = useI18n();
  return useCallback((failure: unknown, name = '') => {
    if (!(failure instanceof ApiFailure)) return t('common.error', { message: failure instanceof Error ? failure.message : String(failure) });
    const code = (failure.body as { error?: string }).error;
    if (failure.status === 403) return t('common.forbidden');
    if (failure.status === 404) return t('rx.tpl.notFound');
    if (code === 'template_name_taken') return t('rx.tpl.nameTaken', { name });
    if (code === 'too_many_templates') return t('rx.tpl.tooMany');
    if (code === 'too_many_favourites') return t('rx.fav.tooMany');
    return t('rx.tpl.refused', { message: failure.message });
  }, [t]);
}

/** The client's own check of a name, the server's rule: 1–80 characters. */
function nameProblem(name: string): MessageKey | undefined {
  if (!name.trim()) return 'rx.tpl.nameRequired';
  if (name.trim().length > MAX_TEMPLATE_NAME) return 'rx.tpl.nameTooLong';
  return undefined;
}

/**
 * The "Đơn mẫu" control. `current` is the prescription's lines when every one of them is complete (a template is
 * saved only from lines that would sign); `onApply` adds a template's drugs to the prescription.
 */
export function TemplatePanel({ current, onApply }: { current: LineToSave[] | undefined; onApply(drugs: DrugToAdd[]): void }) {
  const { t, language } = useI18n();
  const announce = useAnnounce();
  const failureText = useFailureText();
  const [templates, setTemplates] = useState<TemplateSummary[] | undefined>();
  const [hidden, setHidden] = useState(false);
  const [selected, setSelected] = useState('');
  const [newName, setNewName] = useState('');
  const [renaming, setRenaming] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [unavailable, setUnavailable] = useState<Bilingual[]>([]);
  const chosen = templates?.find((template) => template.id === selected);

  const reload = useCallback(async () => {
    const body = await getJson<{ templates: TemplateSummary[] }>(TEMPLATES);
    setTemplates(body.templates);
    return body.templates;
  }, []);
  useEffect(() => {
    reload().catch((failure: unknown) => (notPrescriber(failure) ? setHidden(true) : setError(failureText(failure))));
  }, [reload, failureText]);

  /** Runs one change; a refusal shows in Vietnamese or English, never half-applied on screen. */
  async function run(work: () => Promise<string | undefined>, name?: string) {
    setBusy(true);
    setError('');
    try {
      const said = await work();
      if (said) announce(said);
    } catch (failure) {
      setError(failureText(failure, name));
    } finally {
      setBusy(false);
    }
  }

  const apply = () => run(async () => {
    const applied = await getJson<AppliedTemplate>(`${TEMPLATES}/${encodeURIComponent(selected)}`);
    onApply(applied.lines);
    setUnavailable(applied.unavailable.map((line) => line.message));
    return applied.unavailable.length
      ? t('rx.tpl.appliedPartly', { name: applied.name, n: applied.lines.length, missing: applied.unavailable.length })
      : t('rx.tpl.applied', { name: applied.name, n: applied.lines.length });
  });

  const save = () => {
    const problem = nameProblem(newName);
    if (problem) return setError(t(problem));
    return run(async () => {
      const created = await postJson<TemplateSummary>(TEMPLATES, { name: newName, lines: current });
      await reload();
      setSelected(created.id);
      setNewName('');
      return t('rx.tpl.saved', { name: created.name });
    }, newName.trim());
  };

  const rename = () => {
    const problem = nameProblem(renaming ?? '');
    if (problem) return setError(t(problem));
    return run(async () => {
      const renamed = await sendJson<TemplateSummary>('PUT', `${TEMPLATES}/${encodeURIComponent(selected)}`, { name: renaming });
      await reload();
      setRenaming(undefined);
      return t('rx.tpl.renamed', { name: renamed.name });
    }, renaming?.trim());
  };

  const replaceLines = () => run(async () => {
    const updated = await sendJson<TemplateSummary>('PUT', `${TEMPLATES}/${encodeURIComponent(selected)}`, { lines: current });
    await reload();
    return t('rx.tpl.updated', { name: updated.name });
  });

  const remove = () => {
    if (!chosen || !window.confirm(t('rx.tpl.confirmDelete', { name: chosen.name }))) return undefined;
    return run(async () => {
      await sendJson('DELETE', `${TEMPLATES}/${encodeURIComponent(chosen.id)}`);
      await reload();
      setSelected('');
      setRenaming(undefined);
      return t('rx.tpl.deleted', { name: chosen.name });
    });
  };

  if (hidden) return null;
  return (
    <section className="rx-templates" aria-labelledby="rx-templates-heading">
      <h3 id="rx-templates-heading">{t('rx.tpl.title')}</h3>
      <div className="rx-template-row">
        <SelectField id="rx-template" label={t('rx.tpl.pick')} value={selected}
          placeholder={templates?.length === 0 ? t('rx.tpl.none') : t('rx.tpl.choose')}
          options={(templates ?? []).map((template) => ({ value: template.id, label: `${template.name} (${t('rx.tpl.drugCount', { n: template.drugs.length })})` }))}
          hint={chosen ? chosen.drugs.join(', ') : undefined}
          onChange={(id) => {
            setSelected(id);
            setRenaming(undefined);
            setUnavailable([]);
          }} />
        <button type="button" className="secondary" disabled={!chosen || busy} onClick={() => void apply()}>{t('rx.tpl.apply')}</button>
        <button type="button" className="link-button" disabled={!chosen || busy} onClick={() => setRenaming(chosen?.name ?? '')}>{t('rx.tpl.rename')}</button>
        <button type="button" className="link-button" disabled={!chosen || !current || busy} title={current ? undefined : t('rx.tpl.needLines')}
          onClick={() => void replaceLines()}>{t('rx.tpl.replace')}</button>
        <button type="button" className="link-button" disabled={!chosen || busy} onClick={() => void remove()}>{t('rx.tpl.delete')}</button>
      </div>
      {renaming !== undefined && (
        <form className="rx-template-row" onSubmit={(event) => {
          event.preventDefault();
          void rename();
        }}>
          <TextField id="rx-template-rename" label={t('rx.tpl.newName')} value={renaming} maxLength={MAX_TEMPLATE_NAME} autoComplete="off" autoFocus
            onChange={setRenaming} />
          <button type="submit" className="secondary" disabled={busy}>{t('rx.tpl.saveName')}</button>
          <button type="button" className="link-button" onClick={() => setRenaming(undefined)}>{t('rx.tpl.cancel')}</button>
        </form>
      )}
      <form className="rx-template-row" onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}>
        <TextField id="rx-template-name" label={t('rx.tpl.saveAs')} value={newName} placeholder={t('rx.tpl.namePlaceholder')} maxLength={MAX_TEMPLATE_NAME}
          autoComplete="off" hint={current ? undefined : t('rx.tpl.needLines')} onChange={setNewName} />
        <button type="submit" className="secondary" disabled={!current || busy}>{t('rx.tpl.save')}</button>
      </form>
      {unavailable.length > 0 && (
        <ul className="rx-template-missing" role="alert">
          {unavailable.map((message, index) => <li key={index} lang={language}>{message[language]}</li>)}
        </ul>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}

/** The doctor's starred drugs (with the dosage to start from) and starring or unstarring one. */
export function useFavourites(): {
  favourites: DrugToAdd[];
  /** False for those who do not prescribe: no stars to show. */
  enabled: boolean;
  starred(medicationId: string): boolean;
  toggle(drug: DrugToAdd): Promise<void>;
  error: string;
} {
  const { t } = useI18n();
  const announce = useAnnounce();
  const failureText = useFailureText();
  const [favourites, setFavourites] = useState<DrugToAdd[]>([]);
  const [enabled, setEnabled] = useState(true);
  const [error, setError] = useState('');
  const reload = useCallback(async () => {
    setFavourites((await getJson<{ favourites: DrugToAdd[] }>(FAVOURITES)).favourites);
  }, []);
  useEffect(() => {
    reload().catch((failure: unknown) => {
      if (notPrescriber(failure)) setEnabled(false);
      else setError(failureText(failure));
    });
  }, [reload, failureText]);
  const starred = useCallback((medicationId: string) => favourites.some((favourite) => favourite.medicationId === medicationId), [favourites]);
  const toggle = async ({ medicationId, drug, dosage }: DrugToAdd) => {
    setError('');
    try {
      if (starred(medicationId)) {
        await sendJson('DELETE', `${FAVOURITES}/${encodeURIComponent(medicationId)}`);
        announce(t('rx.fav.removed', { name: drug.name }));
      } else {
        await sendJson('PUT', `${FAVOURITES}/${encodeURIComponent(medicationId)}`, dosage ? { dosage } : {});
        announce(t('rx.fav.added', { name: drug.name }));
      }
      await reload();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  return { favourites, enabled, starred, toggle, error };
}

/** One click adds a starred drug with its dosage: the common case of a doctor's day. */
export function FavouriteDrugs({ favourites, onAdd }: { favourites: DrugToAdd[]; onAdd(drug: DrugToAdd): void }) {
  const { t } = useI18n();
  if (favourites.length === 0) return null;
  return (
    <div className="rx-favourites" role="group" aria-label={t('rx.fav.title')}>
      <span className="muted">{t('rx.fav.title')}:</span>
      {favourites.map((favourite) => (
        <button key={favourite.medicationId} type="button" className="chip" aria-label={t('rx.fav.add', { name: favourite.drug.name })}
          onClick={() => onAdd(favourite)}>
          <span aria-hidden="true">★ </span>{favourite.drug.name}
        </button>
      ))}
    </div>
  );
}
