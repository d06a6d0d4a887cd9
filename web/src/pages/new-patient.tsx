// The one-form new patient, checked as the clerk types (the same checks the server runs again), then compared with
// existing records before anything is saved.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Bundle, Organization, Patient } from '@medplum/fhirtypes';
import { ApiFailure, getJson, postJson, type Session } from '../api.ts';
import { formatDate, useI18n, type MessageKey } from '../i18n.tsx';
import { SHORTCUTS, useShortcut } from '../shortcuts.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Combobox, Kbd, RadioGroup, SelectField, TextField } from '../ui/fields.tsx';
import {
  emptyPatientForm,
  FORM_FIELDS,
  needsGuardian,
  normalizeFullName,
  validatePatientForm,
  type FormField,
  type FormIssue,
  type PatientForm,
} from '../../../fhir/registration/patient-form.ts';
import { messageText, isMessageCode } from '../../../fhir/registration/messages.ts';
import { duplicateSearches, factsFromForm, rankDuplicates, type DuplicateCandidate, type FieldVerdict, type MatchField } from '../../../fhir/registration/duplicates.ts';
import { patientSearches, searchQueryString } from '../../../fhir/registration/search-query.ts';
import { GUARDIAN_RELATIONSHIPS, NATIONALITIES } from '../../../fhir/registration/code-lists.ts';
import { maskIdentifier } from '../../../fhir/registration/patient-summary.ts';
import { communesOf, provinces } from '../../../fhir/terminology/admin-units.ts';
import { addressUnitCodes } from '../../../fhir/terminology/address.ts';
import { ethnicities } from '../../../fhir/terminology/ethnicity.ts';
import { occupations4069 } from '../../../fhir/terminology/occupation-4069.ts';
import { normalizeInsuranceCardNumber } from '../../../fhir/identifiers/insurance-card.ts';
import { fhirDateOf, parseTypedDate } from '../../../fhir/registration/dates.ts';
import { sexText } from './patient-card.tsx';

const fieldId = (field: FormField): string => `np-${field.replace('.', '-')}`;

/** What the clerk had typed into the search box, moved into the field it belongs to. */
export function prefillFromQuery(query: string): Partial<PatientForm> {
  const [search] = patientSearches(query);
  if (!search) return {};
  const value = (name: string) => search.params.find(([key]) => key === name)?.[1];
  if (search.kind === 'cccd') return { cccd: value('cccd') };
  if (search.kind === 'phone') return { phone: value('phone') };
  if (search.kind === 'bhyt' && value('bhyt')) return { insurance: { cardNumber: value('bhyt')!, validFrom: '', validTo: '', registeredFacilityCode: '' } };
  const words = query.trim().split(/\s+/);
  const name = words.filter((word) => !/^\d/.test(word)).join(' ');
  const date = words.find((word) => parseTypedDate(word));
  return { ...(name ? { fullName: normalizeFullName(name) } : {}), ...(date ? { birthDate: date } : {}) };
}

type Phase = { kind: 'edit' } | { kind: 'checking' } | { kind: 'duplicates'; candidates: DuplicateCandidate[]; identifierField?: FormField } | { kind: 'saving' };

interface Props {
  session: Session;
  prefill: Partial<PatientForm>;
  today: string;
  onCancel(): void;
  onReady(patient: Patient): void;
}

export function NewPatientForm({ session, prefill, today, onCancel, onReady }: Props) {
  const { t, language } = useI18n();
  const announce = useAnnounce();
  const [form, setForm] = useState<PatientForm>(() => ({ ...emptyPatientForm(), ...prefill }));
  const [touched, setTouched] = useState<Set<FormField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverIssues, setServerIssues] = useState<FormIssue[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'edit' });
  const [failure, setFailure] = useState('');
  const nameRef = useRef<HTMLInputElement>(null);

  // The facility's own province and commune: most patients live there.
  useEffect(() => {
    nameRef.current?.focus();
    if (!session.user.facilityId) return;
    getJson<Organization>(`/fhir/R4/Organization/${encodeURIComponent(session.user.facilityId)}`).then((organization) => {
      const address = organization.address?.[0];
      if (!address) return;
      const { provinceCode, communeCode } = addressUnitCodes(address);
      setForm((current) => (current.provinceCode ? current : { ...current, provinceCode: provinceCode ?? '', communeCode: communeCode ?? '' }));
    }, () => undefined);
  }, [session.user.facilityId]);

  const issues = useMemo(() => [...validatePatientForm(form, today), ...serverIssues], [form, today, serverIssues]);
  const shown = (field: FormField) => submitted || touched.has(field);
  const message = (field: FormField, severity: 'error' | 'warning'): string | undefined => {
    if (!shown(field)) return undefined;
    const issue = issues.find((candidate) => candidate.field === field && candidate.severity === severity);
    return issue ? messageText(issue.code, language, issue.params) : undefined;
  };
  const props = (field: FormField) => ({
    id: fieldId(field),
    error: message(field, 'error'),
    warning: message(field, 'warning'),
    onBlur: () => setTouched((current) => new Set(current).add(field)),
  });
  const set = <K extends keyof PatientForm>(key: K, value: PatientForm[K]) => {
    setServerIssues((current) => current.filter((issue) => issue.field !== key));
    setForm((current) => ({ ...current, [key]: value }));
  };
  const setNested = (group: 'insurance' | 'guardian', key: string, value: string) => {
    setServerIssues((current) => current.filter((issue) => issue.field !== `${group}.${key}`));
    setForm((current) => ({ ...current, [group]: { ...current[group], [key]: value } }));
  };
  const guardianNeeded = needsGuardian(form, today);

  function focusField(field: FormField) {
    const element = document.getElementById(fieldId(field));
    const target = element instanceof HTMLFieldSetElement ? element.querySelector('input') ?? element : element;
    target?.focus();
  }

  async function save() {
    setPhase({ kind: 'saving' });
    try {
      const created = await postJson<{ patient: Patient }>('/api/registration/patients', { form });
      announce(t('new.saved', { name: created.patient.name?.[0]?.text ?? '' }));
      onReady(created.patient);
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 409) {
        const field = error.body.field as FormField;
        const existing = await getJson<Patient>(`/fhir/R4/Patient/${encodeURIComponent(String(error.body.patientId))}`).catch(() => undefined);
        if (existing) {
          const candidates = rankDuplicates(factsFromForm(form), [existing], today);
          const candidate = candidates[0] ?? rankDuplicates({ ...factsFromForm(form), cccd: undefined }, [existing], today)[0];
          setPhase({ kind: 'duplicates', identifierField: field, candidates: candidate ? [candidate] : [] });
          announce(t('dup.identifierTitle'), 'assertive');
          return;
        }
      }
      if (error instanceof ApiFailure && error.status === 422 && Array.isArray(error.body.issues)) {
        const fromServer = (error.body.issues as { field: FormField; code: string; severity: 'error' | 'warning'; params?: Record<string, string | number> }[])
          .filter((issue) => isMessageCode(issue.code))
          .map((issue) => ({ ...issue, code: issue.code as FormIssue['code'] }));
        setServerIssues(fromServer);
        setSubmitted(true);
        setPhase({ kind: 'edit' });
        if (fromServer[0]) window.setTimeout(() => focusField(fromServer[0].field), 0);
        announce(t('new.errors', { n: fromServer.length }), 'assertive');
        return;
      }
      setPhase({ kind: 'edit' });
      setFailure(error instanceof ApiFailure && error.status === 403 ? t('common.forbidden') : t('common.error', { message: error instanceof Error ? error.message : String(error) }));
    }
  }

  async function submit(event?: { preventDefault(): void }) {
    event?.preventDefault();
    if (phase.kind !== 'edit') return;
    setSubmitted(true);
    setFailure('');
    const errors = issues.filter((issue) => issue.severity === 'error');
    if (errors.length) {
      const first = FORM_FIELDS.find((field) => errors.some((issue) => issue.field === field));
      if (first) focusField(first);
      announce(t('new.errors', { n: errors.length }), 'assertive');
      return;
    }
    setPhase({ kind: 'checking' });
    announce(t('new.checking'));
    const facts = factsFromForm(form);
    const found = await Promise.all(duplicateSearches(facts).map((search) =>
      getJson<Bundle<Patient>>(`/fhir/R4/Patient?${searchQueryString(search)}`).then((bundle) => (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : [])), () => [] as Patient[])));
    const candidates = rankDuplicates(facts, found.flat(), today).slice(0, 3);
    if (candidates.length) {
      setPhase({ kind: 'duplicates', candidates });
      announce(t('dup.announce', { n: candidates.length }), 'assertive');
      return;
    }
    await save();
  }

  useShortcut(SHORTCUTS.save, () => void submit(), phase.kind === 'edit');

  if (phase.kind === 'duplicates') {
    return (
      <Duplicates form={form} today={today} candidates={phase.candidates} identifierField={phase.identifierField}
        onPick={(patient) => onReady(patient)}
        onConfirmNew={() => void save()}
        onBack={() => setPhase({ kind: 'edit' })} />
    );
  }

  const provinceOptions = provinces().map((province) => ({ value: province.code, label: province.name }));
  const communeOptions = form.provinceCode ? communesOf(form.provinceCode).map((commune) => ({ value: commune.code, label: commune.name })) : [];
  return (
    <form className="new-patient card" onSubmit={submit} aria-labelledby="new-heading" noValidate>
      <h2 id="new-heading">{t('new.title')}</h2>
      <fieldset className="section">
        <legend>{t('new.personal')}</legend>
        <div className="form-grid">
          <TextField {...props('fullName')} label={t('new.fullName')} value={form.fullName} onChange={(value) => set('fullName', value)}
            inputRef={nameRef} required autoComplete="off" spellCheck={false} className="span-2" maxLength={200} />
          <RadioGroup id={fieldId('sex')} name="np-sex" legend={t('new.sex')} value={form.sex} required error={message('sex', 'error')}
            onChange={(value) => { set('sex', value as PatientForm['sex']); setTouched((current) => new Set(current).add('sex')); }}
            options={[{ value: 'male', label: t('sex.male') }, { value: 'female', label: t('sex.female') }, { value: 'unknown', label: t('sex.unknown') }]} />
          <TextField {...props('birthDate')} label={t('new.birthDate')} hint={t('new.birthDateHint')} value={form.birthDate}
            onChange={(value) => set('birthDate', value)} required inputMode="numeric" placeholder="dd/mm/yyyy" autoComplete="off" maxLength={10} />
          <TextField {...props('cccd')} label={t('new.cccd')} hint={t('new.cccdHint')} value={form.cccd} onChange={(value) => set('cccd', value)}
            inputMode="numeric" autoComplete="off" maxLength={14} />
          <TextField {...props('phone')} label={t('new.phone')} value={form.phone} onChange={(value) => set('phone', value)} inputMode="tel" autoComplete="off" maxLength={16} />
        </div>
      </fieldset>
      <fieldset className="section">
        <legend>{t('new.insurance')}</legend>
        <div className="form-grid">
          <TextField {...props('insurance.cardNumber')} label={t('new.cardNumber')} hint={t('new.cardHint')} value={form.insurance.cardNumber}
            onChange={(value) => setNested('insurance', 'cardNumber', value)} autoComplete="off" spellCheck={false} maxLength={20} className="span-2" />
          <TextField {...props('insurance.validFrom')} label={t('new.cardFrom')} value={form.insurance.validFrom} placeholder="dd/mm/yyyy"
            onChange={(value) => setNested('insurance', 'validFrom', value)} inputMode="numeric" autoComplete="off" maxLength={10} disabled={!form.insurance.cardNumber.trim()} />
          <TextField {...props('insurance.validTo')} label={t('new.cardTo')} value={form.insurance.validTo} placeholder="dd/mm/yyyy"
            onChange={(value) => setNested('insurance', 'validTo', value)} inputMode="numeric" autoComplete="off" maxLength={10} disabled={!form.insurance.cardNumber.trim()} />
          <TextField {...props('insurance.registeredFacilityCode')} label={t('new.registeredFacility')} hint={t('new.registeredFacilityHint')}
            value={form.insurance.registeredFacilityCode} onChange={(value) => setNested('insurance', 'registeredFacilityCode', value)}
            inputMode="numeric" autoComplete="off" maxLength={5} disabled={!form.insurance.cardNumber.trim()} />
        </div>
      </fieldset>
      <fieldset className="section">
        <legend>{t('new.address')}</legend>
        <div className="form-grid">
          <Combobox {...props('provinceCode')} label={t('new.province')} value={form.provinceCode} options={provinceOptions} required
            onChange={(value) => setForm((current) => ({ ...current, provinceCode: value, communeCode: value === current.provinceCode ? current.communeCode : '' }))} />
          <Combobox {...props('communeCode')} label={t('new.commune')} value={form.communeCode} options={communeOptions} required
            placeholder={form.provinceCode ? '' : t('new.communeFirst')} disabled={!form.provinceCode}
            onChange={(value) => set('communeCode', value)} />
          <TextField {...props('addressDetail')} label={t('new.addressDetail')} value={form.addressDetail} onChange={(value) => set('addressDetail', value)}
            autoComplete="off" maxLength={200} className="span-2" />
        </div>
      </fieldset>
      {guardianNeeded && (
        <fieldset className="section guardian">
          <legend>{t('new.guardianSection')}</legend>
          <div className="form-grid">
            <TextField {...props('guardian.name')} label={t('new.guardianName')} value={form.guardian.name} required
              onChange={(value) => setNested('guardian', 'name', value)} autoComplete="off" maxLength={200} className="span-2" />
            <SelectField {...props('guardian.relationship')} label={t('new.guardianRelationship')} value={form.guardian.relationship} required
              placeholder={t('common.choose')} options={GUARDIAN_RELATIONSHIPS.map((relationship) => ({ value: relationship.code, label: relationship[language] }))}
              onChange={(value) => setNested('guardian', 'relationship', value)} />
            <TextField {...props('guardian.phone')} label={t('new.guardianPhone')} value={form.guardian.phone} required
              onChange={(value) => setNested('guardian', 'phone', value)} inputMode="tel" autoComplete="off" maxLength={16} />
          </div>
        </fieldset>
      )}
      <fieldset className="section">
        <legend>{t('new.other')}</legend>
        <div className="form-grid">
          <SelectField {...props('ethnicityCode')} label={t('new.ethnicity')} value={form.ethnicityCode} placeholder={t('common.choose')}
            options={ethnicities().map((ethnicity) => ({ value: ethnicity.code, label: `${ethnicity.display} (${ethnicity.code})` }))}
            onChange={(value) => set('ethnicityCode', value)} />
          <SelectField {...props('occupationCode')} label={t('new.occupation')} value={form.occupationCode} placeholder={t('common.choose')}
            options={occupations4069().map((occupation) => ({ value: occupation.code, label: occupation.display }))}
            onChange={(value) => set('occupationCode', value)} />
          <SelectField {...props('nationality')} label={t('new.nationality')} value={form.nationality}
            options={NATIONALITIES.map((nationality) => ({ value: nationality.code, label: nationality[language] }))}
            onChange={(value) => set('nationality', value)} />
        </div>
      </fieldset>
      {failure && <p className="error" role="alert">{failure}</p>}
      <div className="actions sticky-actions">
        <button type="submit" className="primary" disabled={phase.kind !== 'edit'}>
          {phase.kind === 'edit' ? t('new.save') : phase.kind === 'checking' ? t('new.checking') : t('new.saving')} <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd>
        </button>
        <button type="button" className="secondary" onClick={onCancel}>{t('common.cancel')} <Kbd>Esc</Kbd></button>
      </div>
    </form>
  );
}

const COMPARED: { field: MatchField; label: MessageKey }[] = [
  { field: 'name', label: 'patient.name' },
  { field: 'gender', label: 'patient.sex' },
  { field: 'birthDate', label: 'patient.birthDate' },
  { field: 'cccd', label: 'patient.cccd' },
  { field: 'card', label: 'patient.bhyt' },
  { field: 'phone', label: 'patient.phone' },
  { field: 'commune', label: 'patient.commune' },
];

const VERDICT_LABEL: Record<FieldVerdict, MessageKey | undefined> = { same: 'dup.same', similar: 'dup.similar', different: 'dup.different', unknown: undefined };

function Duplicates({ form, today, candidates, identifierField, onPick, onConfirmNew, onBack }: {
  form: PatientForm;
  today: string;
  candidates: DuplicateCandidate[];
  identifierField?: FormField;
  onPick(patient: Patient): void;
  onConfirmNew(): void;
  onBack(): void;
}) {
  const { t } = useI18n();
  const firstPick = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    firstPick.current?.focus();
  }, []);
  useShortcut(SHORTCUTS.cancel, onBack);
  const draftCommune = form.communeCode ? communesOf(form.provinceCode).find((commune) => commune.code === form.communeCode)?.name : undefined;
  const birth = parseTypedDate(form.birthDate);
  const draft: Record<MatchField, string> = {
    name: normalizeFullName(form.fullName),
    gender: sexText(t, form.sex || undefined),
    birthDate: birth ? formatDate(fhirDateOf(birth)) : '',
    cccd: form.cccd ? maskIdentifier(form.cccd.replace(/\s/g, '')) : '',
    card: form.insurance.cardNumber ? maskIdentifier(normalizeInsuranceCardNumber(form.insurance.cardNumber), 5, 4) : '',
    phone: form.phone,
    commune: draftCommune ?? '',
  };
  const valueOf = (candidate: DuplicateCandidate, field: MatchField): string => {
    const { summary } = candidate;
    switch (field) {
      case 'name': return summary.name;
      case 'gender': return sexText(t, summary.gender);
      case 'birthDate': return formatDate(summary.birthDate);
      case 'cccd': return summary.cccd ? maskIdentifier(summary.cccd) : '';
      case 'card': return summary.bhyt ? maskIdentifier(summary.bhyt.card, 5, 4) : '';
      case 'phone': return summary.phone ?? '';
      case 'commune': return [summary.commune, summary.province].filter(Boolean).join(', ');
    }
  };
  const identifierLabel = identifierField === 'cccd' ? t('patient.cccd') : t('patient.bhyt');
  return (
    <section className="duplicates card" aria-labelledby="dup-heading">
      <h2 id="dup-heading">{identifierField ? t('dup.identifierTitle') : t('dup.title')}</h2>
      <p>{identifierField ? t('dup.identifierIntro', { field: identifierLabel }) : t('dup.intro')}</p>
      <div className="table-scroll">
        <table className="compare">
          <thead>
            <tr>
              <th scope="col">{t('dup.field')}</th>
              <th scope="col">{t('dup.draft')}</th>
              {candidates.map((candidate, index) => (
                <th scope="col" key={candidate.summary.id}>
                  {t('dup.candidate', { n: index + 1 })}
                  <span className={`badge ${candidate.level === 'likely' ? 'danger' : 'warn'}`}>{t(candidate.level === 'likely' ? 'dup.likely' : 'dup.possible')} · {candidate.score}%</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {COMPARED.map(({ field, label }) => (
              <tr key={field}>
                <th scope="row">{t(label)}</th>
                <td>{draft[field] || t('common.none')}</td>
                {candidates.map((candidate) => {
                  const verdict = candidate.fields[field];
                  const verdictLabel = VERDICT_LABEL[verdict];
                  return (
                    <td key={candidate.summary.id} className={`verdict-${verdict}`}>
                      {valueOf(candidate, field) || t('common.none')}
                      {verdictLabel && <span className="verdict"> ({t(verdictLabel)})</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th scope="row"><span className="visually-hidden">{t('dup.pick', { n: '' })}</span></th>
              <td />
              {candidates.map((candidate, index) => (
                <td key={candidate.summary.id}>
                  <button type="button" className="primary" ref={index === 0 ? firstPick : undefined} onClick={() => onPick(candidate.patient)}>
                    {t('dup.pick', { n: index + 1 })}
                  </button>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <div className="actions">
        {!identifierField && <button type="button" className="secondary" onClick={onConfirmNew}>{t('dup.confirmNew')}</button>}
        <button type="button" className="secondary" onClick={onBack}>{t('dup.back')} <Kbd>Esc</Kbd></button>
      </div>
    </section>
  );
}
