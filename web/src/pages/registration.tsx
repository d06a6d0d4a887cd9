// The registration desk (tiếp đón): search as you type → pick someone (or create them in one form, after a duplicate
// check) → register the visit → the queue number. A known patient takes three keyboard steps from the search box:
// type, Enter (the first match), Enter (register with the remembered room and the suggested priority).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Patient } from '@medplum/fhirtypes';
import { getJson, postJson, ApiFailure, authFetch, type Session } from '../api.ts';
import { useI18n, formatDate } from '../i18n.tsx';
import { mayCreatePatients } from '../nav.ts';
import { SHORTCUTS, useShortcut } from '../shortcuts.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Kbd, RadioGroup, SelectField, TextField } from '../ui/fields.tsx';
import { patientSearches } from '../../../fhir/registration/search-query.ts';
import { summarizePatient, cardValidOn, type PatientSummary } from '../../../fhir/registration/patient-summary.ts';

import { VISIT_PRIORITIES, type VisitPriority } from '../../../fhir/registration/code-lists.ts';
import { suggestedPriority, type RegisteredVisit, type Room, type VisitPayment } from '../../../fhir/registration/visit.ts';
import { PatientFacts } from './patient-card.tsx';
import { NewPatientForm, prefillFromQuery } from './new-patient.tsx';
import { searchPatients } from './patient-search.ts';
import { defaultRoom, rememberRoom, roomOptions } from './room-options.ts';
import { AppointmentsDay, BookedNotice, BookedToday, BookingForm } from './appointments.tsx';
import type { AppointmentItem } from '../../../fhir/registration/appointment.ts';
import { vnDate } from '../../../fhir/vietnam-time.ts';

type Mode = { kind: 'search' } | { kind: 'new'; prefill: string } | { kind: 'visit'; patient: Patient } | { kind: 'ticket'; visit: RegisteredVisit }
  | { kind: 'book'; patient: Patient } | { kind: 'booked'; appointment: AppointmentItem };

const SEARCH_DELAY_MS = 250;

export default function RegistrationPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const today = vnDate(Date.now());
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Patient[] | undefined>();
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState('');
  const [active, setActive] = useState(0);
  const [mode, setMode] = useState<Mode>({ kind: 'search' });
  const [recent, setRecent] = useState<Patient[]>([]);
  const [rooms, setRooms] = useState<Room[] | undefined>();
  const searchRef = useRef<HTMLInputElement>(null);
  const pickWhenReady = useRef(false);
  // The text the shown results answer: Enter pressed before the search for the latest text has answered (a fast
  // typist) must wait for it, never pick from an earlier text's results.
  const resultsFor = useRef('');
  const canCreate = mayCreatePatients(session.user.role);

  const loadRecent = useCallback(() => {
    getJson<{ patients: Patient[] }>('/api/registration/recent').then((body) => setRecent(body.patients.filter((patient) => patient.active !== false)), () => undefined);
  }, []);
  useEffect(() => {
    loadRecent();
    getJson<{ rooms: Room[] }>('/api/registration/rooms').then((body) => setRooms(body.rooms), () => setRooms([]));
  }, [loadRecent]);

  // At once, not after a timer: a clerk (or a barcode scanner) types straight after F2, and keys pressed before a
  // deferred focus would be lost, or replaced by a deferred select().
  const focusSearch = useCallback(() => {
    searchRef.current?.focus();
    searchRef.current?.select();
  }, []);

  const choose = useCallback((patient: Patient) => {
    pickWhenReady.current = false;
    setMode({ kind: 'visit', patient });
  }, []);

  useEffect(() => {
    const searches = patientSearches(query);
    if (searches.length === 0) {
      resultsFor.current = query;
      setResults(undefined);
      setSearching(false);
      setSearchError('');
      return undefined;
    }
    const controller = new AbortController();
    setSearching(true);
    const timer = window.setTimeout(() => {
      searchPatients(query, controller.signal).then((found) => {
        // An answer that arrived just as the text changed is for an earlier text: applying it would show stale
        // results and clear a pending Enter, which the latest text's answer must honour.
        if (controller.signal.aborted) return;
        // Records merged into another are retired: the desk offers the record kept.
        const patients = found.filter((patient) => patient.active !== false);
        resultsFor.current = query;
        setResults(patients);
        setActive(0);
        setSearchError('');
        setSearching(false);
        announce(patients.length ? t('search.count', { n: patients.length }) : `${t('search.none')} ${canCreate ? t('search.noneHint') : ''}`);
        if (pickWhenReady.current && patients.length > 0) choose(patients[0]);
        pickWhenReady.current = false;
      }, (error: unknown) => {
        if (controller.signal.aborted) return;
        setSearching(false);
        resultsFor.current = query;
        setResults([]);
        setSearchError(error instanceof Error ? error.message : String(error));
      });
    }, SEARCH_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query, announce, t, choose, canCreate]);

  const backToSearch = useCallback(() => {
    setMode({ kind: 'search' });
    focusSearch();
  }, [focusSearch]);

  const newPatient = useCallback(() => {
    if (canCreate) setMode({ kind: 'new', prefill: query });
  }, [canCreate, query]);

  useShortcut(SHORTCUTS.search, backToSearch);
  useShortcut(SHORTCUTS.searchAlt, backToSearch);
  useShortcut(SHORTCUTS.newPatient, newPatient, canCreate);
  useShortcut(SHORTCUTS.cancel, () => {
    if (mode.kind === 'ticket' || mode.kind === 'booked') setQuery('');
    backToSearch();
  }, mode.kind !== 'search' && mode.kind !== 'new');

  const showTicket = useCallback((visit: RegisteredVisit) => {
    setMode({ kind: 'ticket', visit });
    loadRecent();
    announce(t('ticket.announce', { n: visit.number, room: visit.room.name }), 'assertive');
  }, [loadRecent, announce, t]);

  const list = query.trim() ? results ?? [] : recent;
  useEffect(() => {
    document.getElementById(`search-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  const listLabel = query.trim() ? t('search.results') : t('search.recent');
  const optionId = (index: number) => `search-option-${index}`;

  return (
    <div className="registration">
      <section className="search-pane" aria-labelledby="search-heading">
        <h1 id="search-heading" className="pane-title">{t('nav.registration')}</h1>
        <div className="field search-field">
          <label htmlFor="patient-search">{t('search.label')}</label>
          <input
            id="patient-search"
            ref={searchRef}
            type="search"
            role="combobox"
            aria-expanded={list.length > 0}
            aria-controls="search-results"
            aria-activedescendant={list.length ? optionId(Math.min(active, list.length - 1)) : undefined}
            aria-describedby="patient-search-hint"
            autoComplete="off"
            autoFocus
            spellCheck={false}
            placeholder={t('search.placeholder')}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              if (mode.kind === 'ticket') setMode({ kind: 'search' });
            }}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                setActive((index) => Math.min(index + 1, list.length - 1));
              } else if (event.key === 'ArrowUp') {
                event.preventDefault();
                setActive((index) => Math.max(index - 1, 0));
              } else if (event.key === 'Enter') {
                event.preventDefault();
                if (query.trim() && (searching || resultsFor.current !== query)) pickWhenReady.current = true;
                else if (list.length) choose(list[Math.min(active, list.length - 1)]);
                else if (query.trim() && results && canCreate) newPatient();
              } else if (event.key === 'Escape' && query) {
                event.preventDefault();
                event.stopPropagation();
                setQuery('');
              }
            }}
          />
          <p id="patient-search-hint" className="field-hint">{t('search.hint')} · <Kbd>F2</Kbd> · <Kbd>Alt</Kbd>+<Kbd>N</Kbd></p>
        </div>
        <div className="search-status" aria-hidden="true">{searching ? t('search.searching') : ''}</div>
        {searchError && <p className="error">{t('search.failed', { message: searchError })}</p>}
        <h2 className="list-title">{listLabel}</h2>
        {list.length > 0 ? (
          <ul id="search-results" role="listbox" aria-label={listLabel} className="result-list">
            {list.map((patient, index) => {
              const summary = summarizePatient(patient, today);
              return (
                <li key={patient.id} id={optionId(index)} role="option" aria-selected={index === active}
                  className={`result ${index === active ? 'active' : ''}`}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(patient)}>
                  <div className="result-name">{summary.name}</div>
                  <PatientFacts summary={summary} today={today} />
                </li>
              );
            })}
          </ul>
        ) : query.trim() && results && !searching && !searchError ? (
          <div className="empty">
            <p>{t('search.none')}</p>
            {canCreate && <button type="button" className="primary" onClick={newPatient}>{t('new.button')} <Kbd>Alt</Kbd>+<Kbd>N</Kbd></button>}
          </div>
        ) : !query.trim() ? <p className="muted">{t('search.recentEmpty')}</p> : null}
        {canCreate && list.length > 0 && <button type="button" className="secondary" onClick={newPatient}>{t('new.button')} <Kbd>Alt</Kbd>+<Kbd>N</Kbd></button>}
      </section>
      <section className="work-pane" aria-live="off">
        {mode.kind === 'new' && (
          <NewPatientForm
            session={session}
            prefill={prefillFromQuery(mode.prefill)}
            today={today}
            onCancel={backToSearch}
            onReady={(patient) => {
              setMode({ kind: 'visit', patient });
            }}
          />
        )}
        {mode.kind === 'visit' && (
          <VisitForm key={mode.patient.id} patient={mode.patient} rooms={rooms} today={today} onCancel={backToSearch}
            onRegistered={showTicket} onBook={() => setMode({ kind: 'book', patient: mode.patient })} />
        )}
        {mode.kind === 'book' && (
          <BookingForm key={mode.patient.id} patient={mode.patient} rooms={rooms} today={today}
            onCancel={() => setMode({ kind: 'visit', patient: mode.patient })}
            onBooked={(appointment) => {
              setMode({ kind: 'booked', appointment });
              announce(t('appt.booked', { time: appointment.time, date: formatDate(appointment.start), room: appointment.room.name, name: appointment.patient.name }), 'assertive');
            }} />
        )}
        {mode.kind === 'booked' && (
          <BookedNotice appointment={mode.appointment} onNext={() => {
            setQuery('');
            backToSearch();
          }} />
        )}
        {mode.kind === 'ticket' && (
          <Ticket visit={mode.visit} onNext={() => {
            setQuery('');
            backToSearch();
          }} />
        )}
        {mode.kind === 'search' && (
          <>
            <ShortcutHelp canCreate={canCreate} />
            <AppointmentsDay today={today} onCheckedIn={showTicket} />
          </>
        )}
      </section>
    </div>
  );
}

function ShortcutHelp({ canCreate }: { canCreate: boolean }) {
  const { t } = useI18n();
  return (
    <div className="shortcut-help">
      <h2>{t('home.shortcuts')}</h2>
      <dl className="shortcut-list">
        <dt><Kbd>F2</Kbd></dt><dd>{t('shortcut.search')}</dd>
        <dt><Kbd>↑</Kbd> <Kbd>↓</Kbd> <Kbd>Enter</Kbd></dt><dd>{t('search.results')}</dd>
        {canCreate && <><dt><Kbd>Alt</Kbd>+<Kbd>N</Kbd></dt><dd>{t('shortcut.new')}</dd></>}
        <dt><Kbd>Alt</Kbd>+<Kbd>H</Kbd></dt><dd>{t('appt.shortcutBook')}</dd>
        <dt><Kbd>Alt</Kbd>+<Kbd>T</Kbd></dt><dd>{t('appt.shortcutCheckIn')}</dd>
        <dt><Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd></dt><dd>{t('shortcut.save')}</dd>
        <dt><Kbd>Esc</Kbd></dt><dd>{t('shortcut.cancel')}</dd>
      </dl>
    </div>
  );
}

function VisitForm({ patient, rooms, today, onCancel, onRegistered, onBook }: {
  patient: Patient;
  rooms: Room[] | undefined;
  today: string;
  onCancel(): void;
  onRegistered(visit: RegisteredVisit): void;
  /** Book the visit ahead instead of registering it now. */
  onBook(): void;
}) {
  const { t, language } = useI18n();
  const summary = summarizePatient(patient, today);
  const hasValidCard = summary.bhyt ? cardValidOn(summary.bhyt, today) : false;
  const [room, setRoom] = useState('');
  const [reason, setReason] = useState('');
  const [payment, setPayment] = useState<VisitPayment>(hasValidCard ? 'insurance' : 'self-pay');
  const [priority, setPriority] = useState<VisitPriority>(suggestedPriority(summary.age?.years));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (rooms && !room) setRoom(defaultRoom(rooms));
  }, [rooms, room]);
  useEffect(() => {
    reasonRef.current?.focus();
  }, []);

  async function submit(event?: { preventDefault(): void }) {
    event?.preventDefault();
    if (busy || !room) return;
    setBusy(true);
    setError('');
    try {
      rememberRoom(room);
      onRegistered(await postJson<RegisteredVisit>('/api/registration/visits', { patientId: patient.id, locationId: room, reason, payment, priority }));
    } catch (failure) {
      setError(failure instanceof ApiFailure && failure.status === 403 ? t('common.forbidden') : t('common.error', { message: failure instanceof Error ? failure.message : String(failure) }));
      setBusy(false);
    }
  }
  useShortcut(SHORTCUTS.save, () => void submit());
  useShortcut(SHORTCUTS.bookAppointment, onBook);

  return (
    <form className="visit-form card" onSubmit={submit} aria-labelledby="visit-heading" noValidate>
      <h2 id="visit-heading">{t('visit.title')}: <span className="patient-name">{summary.name}</span></h2>
      <PatientFacts summary={summary} today={today} />
      <BookedToday patientId={patient.id ?? ''} today={today} onCheckedIn={onRegistered} />
      {rooms && rooms.length === 0 ? <p className="error" role="alert">{t('visit.noRooms')}</p> : (
        <div className="form-grid">
          <TextField id="visit-reason" label={t('visit.reason')} value={reason} onChange={setReason} inputRef={reasonRef}
            placeholder={t('visit.reasonPlaceholder')} maxLength={500} className="span-2" />
          <SelectField id="visit-room" label={t('visit.room')} value={room} options={roomOptions(rooms)} onChange={setRoom} required />
          <RadioGroup id="visit-payment" name="visit-payment" legend={t('visit.payment')} value={payment}
            onChange={(value) => setPayment(value as VisitPayment)}
            options={[
              { value: 'insurance', label: `${t('visit.insurance')}${summary.bhyt ? '' : ` (${t('patient.noCard')})`}`, disabled: !hasValidCard },
              { value: 'self-pay', label: t('visit.selfPay') },
            ]} />
          <RadioGroup id="visit-priority" name="visit-priority" legend={t('visit.priority')} value={priority} className="span-2"
            onChange={(value) => setPriority(value as VisitPriority)}
            options={VISIT_PRIORITIES.map((candidate) => ({ value: candidate.code, label: candidate[language] }))} />
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !room}>{busy ? t('visit.submitting') : t('visit.submit')} <Kbd>Enter</Kbd></button>
        <button type="button" className="secondary" onClick={onBook}>{t('appt.book')} <Kbd>Alt</Kbd>+<Kbd>H</Kbd></button>
        <button type="button" className="secondary" onClick={onCancel}>{t('visit.change')} <Kbd>Esc</Kbd></button>
      </div>
    </form>
  );
}

function Ticket({ visit, onNext }: { visit: RegisteredVisit; onNext(): void }) {
  const { t, language } = useI18n();
  const printRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    printRef.current?.focus();
  }, []);
  async function print() {
    const response = await authFetch(`/api/registration/visits/${encodeURIComponent(visit.encounterId)}/ticket.pdf`);
    if (!response.ok) return;
    const url = URL.createObjectURL(await response.blob());
    window.open(url, '_blank', 'noopener');
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  const priority = VISIT_PRIORITIES.find((candidate) => candidate.code === visit.priority);
  return (
    <section className="ticket card" aria-labelledby="ticket-heading">
      <h2 id="ticket-heading">{t('ticket.title')}</h2>
      <p className="ticket-number" data-testid="ticket-number">{visit.number}</p>
      <p className="ticket-room">{visit.room.name}</p>
      <p>{t('ticket.for', { name: visit.patient.name })} · {formatDate(visit.day)}</p>
      {priority && priority.code !== 'none' && <p className="badge warn">{priority[language]}</p>}
      <div className="actions">
        <button type="button" className="primary" ref={printRef} onClick={() => void print()}>{t('ticket.print')}</button>
        <button type="button" className="secondary" onClick={onNext}>{t('ticket.next')} <Kbd>Esc</Kbd></button>
      </div>
    </section>
  );
}
