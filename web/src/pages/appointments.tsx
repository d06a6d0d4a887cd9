// Visits booked ahead, at the registration desk: the booking form (after picking a patient, instead of registering
// the visit now) and the day's appointments with check-in, cancel and no-show. Check-in registers the visit as a
// walk-in would, so the desk then shows the same ticket.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Patient } from '@medplum/fhirtypes';
import { ApiFailure, getJson, postJson } from '../api.ts';
import { formatDate, useI18n, type Language } from '../i18n.tsx';
import { SHORTCUTS, useShortcut } from '../shortcuts.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Kbd, RadioGroup, SelectField, TextField } from '../ui/fields.tsx';
import './appointment-messages.ts';
import { VISIT_PRIORITIES, type VisitPriority } from '../../../fhir/registration/code-lists.ts';
import { parseTypedDate } from '../../../fhir/registration/dates.ts';
import { cardValidOn, summarizePatient } from '../../../fhir/registration/patient-summary.ts';
import { suggestedPriority, type RegisteredVisit, type Room, type VisitPayment } from '../../../fhir/registration/visit.ts';
import { DEFAULT_SLOT_MINUTES, SLOT_MINUTES, type AppointmentItem } from '../../../fhir/registration/appointment.ts';
import { DAY_MS, vnDate } from '../../../fhir/vietnam-time.ts';
import { PatientFacts } from './patient-card.tsx';
import { defaultRoom, rememberRoom, roomOptions } from './room-options.ts';

/** The server's refusal in the clerk's language (it sends both). */
function failureText(failure: unknown, language: Language, t: ReturnType<typeof useI18n>['t']): string {
  if (failure instanceof ApiFailure) {
    if (failure.status === 403) return t('common.forbidden');
    if (language === 'en' && typeof failure.body.messageEn === 'string') return failure.body.messageEn;
    return failure.message;
  }
  return t('common.error', { message: failure instanceof Error ? failure.message : String(failure) });
}

function checkIn(item: AppointmentItem, payment?: VisitPayment): Promise<{ visit: RegisteredVisit }> {
  return postJson<{ visit: RegisteredVisit }>(`/api/registration/appointments/${encodeURIComponent(item.id)}/check-in`, payment ? { payment } : {});
}

/** The card lapsed or is gone since the booking: the patient may still be seen, paying. */
function cardRefused(failure: unknown): boolean {
  return failure instanceof ApiFailure && (failure.body.code === 'no-card' || failure.body.code === 'card-invalid-on-day');
}

function dayOf(typed: string): string | undefined {
  const parsed = parseTypedDate(typed);
  return parsed?.kind === 'full' ? parsed.date : undefined;
}

export function BookingForm({ patient, rooms, today, onCancel, onBooked }: {
  patient: Patient;
  rooms: Room[] | undefined;
  today: string;
  onCancel(): void;
  onBooked(appointment: AppointmentItem): void;
}) {
  const { t, language } = useI18n();
  const summary = summarizePatient(patient, today);
  const [date, setDate] = useState(formatDate(vnDate(Date.now() + DAY_MS)));
  const [time, setTime] = useState('08:00');
  const [minutes, setMinutes] = useState(String(DEFAULT_SLOT_MINUTES));
  const [room, setRoom] = useState('');
  const [reason, setReason] = useState('');
  const day = dayOf(date);
  const hasValidCard = summary.bhyt ? cardValidOn(summary.bhyt, day ?? today) : false;
  const [payment, setPayment] = useState<VisitPayment>(hasValidCard ? 'insurance' : 'self-pay');
  const [priority, setPriority] = useState<VisitPriority>(suggestedPriority(summary.age?.years));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const dateRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (rooms && !room) setRoom(defaultRoom(rooms));
  }, [rooms, room]);
  useEffect(() => {
    dateRef.current?.focus();
    dateRef.current?.select();
  }, []);
  const timeOk = /^([01]\d|2[0-3]):[0-5]\d$/.test(time.trim());

  async function submit(event?: { preventDefault(): void }) {
    event?.preventDefault();
    if (busy || !room || !day || !timeOk) return;
    setBusy(true);
    setError('');
    try {
      rememberRoom(room);
      const { appointment } = await postJson<{ appointment: AppointmentItem }>('/api/registration/appointments', {
        patientId: patient.id, locationId: room, date: day, time: time.trim(), minutes: Number(minutes), reason, payment, priority,
      });
      onBooked(appointment);
    } catch (failure) {
      setError(failureText(failure, language, t));
      setBusy(false);
    }
  }
  useShortcut(SHORTCUTS.save, () => void submit());

  return (
    <form className="visit-form card" onSubmit={submit} aria-labelledby="book-heading" noValidate>
      <h2 id="book-heading">{t('appt.bookTitle')}: <span className="patient-name">{summary.name}</span></h2>
      <PatientFacts summary={summary} today={today} />
      <div className="form-grid">
        <TextField id="book-date" label={t('appt.date')} value={date} onChange={setDate} inputRef={dateRef} required inputMode="numeric"
          hint={t('appt.dateHint')} error={date.trim() && !day ? t('appt.dateInvalid') : undefined} />
        <TextField id="book-time" label={t('appt.time')} value={time} onChange={setTime} required inputMode="numeric"
          hint={t('appt.timeHint')} error={time.trim() && !timeOk ? t('appt.timeInvalid') : undefined} />
        <SelectField id="book-minutes" label={t('appt.minutes')} value={minutes} onChange={setMinutes}
          options={SLOT_MINUTES.map((n) => ({ value: String(n), label: t('appt.minutesOption', { n }) }))} />
        <SelectField id="book-room" label={t('visit.room')} value={room} options={roomOptions(rooms)} onChange={setRoom} required />
        <TextField id="book-reason" label={t('visit.reason')} value={reason} onChange={setReason}
          placeholder={t('visit.reasonPlaceholder')} maxLength={500} className="span-2" />
        <RadioGroup id="book-payment" name="book-payment" legend={t('visit.payment')} value={payment}
          onChange={(value) => setPayment(value as VisitPayment)}
          options={[
            { value: 'insurance', label: `${t('visit.insurance')}${summary.bhyt ? '' : ` (${t('patient.noCard')})`}`, disabled: !summary.bhyt },
            { value: 'self-pay', label: t('visit.selfPay') },
          ]} />
        <RadioGroup id="book-priority" name="book-priority" legend={t('visit.priority')} value={priority} className="span-2"
          onChange={(value) => setPriority(value as VisitPriority)}
          options={VISIT_PRIORITIES.map((candidate) => ({ value: candidate.code, label: candidate[language] }))} />
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !room || !day || !timeOk}>{busy ? t('appt.submitting') : t('appt.submit')} <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd></button>
        <button type="button" className="secondary" onClick={onCancel}>{t('appt.back')}</button>
      </div>
    </form>
  );
}

/**
 * On the visit form: the patient's appointment today, if one is still to be checked in, so that the clerk checks it
 * in (Alt+T) rather than registering a second, walk-in visit.
 */
export function BookedToday({ patientId, today, onCheckedIn }: { patientId: string; today: string; onCheckedIn(visit: RegisteredVisit): void }) {
  const { t, language } = useI18n();
  const [booked, setBooked] = useState<AppointmentItem | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [offerSelfPay, setOfferSelfPay] = useState(false);
  useEffect(() => {
    getJson<{ appointments: AppointmentItem[] }>(`/api/registration/appointments?day=${today}&patient=${encodeURIComponent(patientId)}`)
      .then((body) => setBooked(body.appointments.find((item) => item.status === 'booked')), () => undefined);
  }, [patientId, today]);
  async function submit(payment?: VisitPayment) {
    if (!booked || busy) return;
    setBusy(true);
    setError('');
    try {
      onCheckedIn((await checkIn(booked, payment)).visit);
    } catch (failure) {
      setError(failureText(failure, language, t));
      setOfferSelfPay(cardRefused(failure));
      setBusy(false);
    }
  }
  useShortcut(SHORTCUTS.appointments, () => void submit(), booked !== undefined);
  if (!booked) return null;
  return (
    <div className="booked-today" role="status">
      <p className="badge warn">{t('appt.hasBooking', { time: booked.time, room: booked.room.name })}</p>
      <button type="button" className="primary" disabled={busy} onClick={() => void submit()}>{t('appt.checkInBooked')} <Kbd>Alt</Kbd>+<Kbd>T</Kbd></button>
      {error && <p className="error" role="alert">{error}</p>}
      {offerSelfPay && <button type="button" className="secondary" disabled={busy} onClick={() => void submit('self-pay')}>{t('appt.checkInSelfPay')}</button>}
    </div>
  );
}

export function BookedNotice({ appointment, onNext }: { appointment: AppointmentItem; onNext(): void }) {
  const { t } = useI18n();
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    nextRef.current?.focus();
  }, []);
  return (
    <section className="ticket card" aria-labelledby="booked-heading">
      <h2 id="booked-heading">{t('appt.bookTitle')}</h2>
      <p role="status" data-testid="booked">{t('appt.booked', { time: appointment.time, date: formatDate(appointment.start), room: appointment.room.name, name: appointment.patient.name })}</p>
      <div className="actions">
        <button type="button" className="primary" ref={nextRef} onClick={onNext}>{t('ticket.next')} <Kbd>Esc</Kbd></button>
      </div>
    </section>
  );
}

/**
 * A day's appointments (today unless the clerk picks another day). Alt+T focuses the check-in button of the first
 * appointment still to come in; Enter on it checks the patient in.
 */
export function AppointmentsDay({ today, onCheckedIn }: { today: string; onCheckedIn(visit: RegisteredVisit): void }) {
  const { t, language } = useI18n();
  const announce = useAnnounce();
  const [typedDay, setTypedDay] = useState(formatDate(today));
  const day = dayOf(typedDay) ?? today;
  const [items, setItems] = useState<AppointmentItem[] | undefined>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const [cancelling, setCancelling] = useState<{ id: string; reason: string } | undefined>();
  const [selfPayFor, setSelfPayFor] = useState('');
  const listRef = useRef<HTMLTableSectionElement>(null);

  const load = useCallback(() => {
    getJson<{ appointments: AppointmentItem[] }>(`/api/registration/appointments?day=${day}`)
      .then((body) => {
        setItems(body.appointments);
        setError('');
      }, (failure: unknown) => setError(t('appt.loadFailed', { message: failure instanceof Error ? failure.message : String(failure) })));
  }, [day, t]);
  useEffect(load, [load]);

  useShortcut(SHORTCUTS.appointments, () => {
    listRef.current?.querySelector<HTMLButtonElement>('button[data-action="check-in"]')?.focus();
  });

  async function act(item: AppointmentItem, action: 'check-in' | 'no-show' | 'cancel', detail?: string) {
    if (busy) return;
    setBusy(item.id);
    setError('');
    try {
      if (action === 'check-in') {
        onCheckedIn((await checkIn(item, detail === 'self-pay' ? 'self-pay' : undefined)).visit);
        return;
      }
      await postJson(`/api/registration/appointments/${encodeURIComponent(item.id)}/${action}`, action === 'cancel' ? { reason: detail } : {});
      announce(t(action === 'cancel' ? 'appt.cancelled' : 'appt.missed', { name: item.patient.name }));
      setCancelling(undefined);
      load();
    } catch (failure) {
      setError(failureText(failure, language, t));
      setSelfPayFor(action === 'check-in' && cardRefused(failure) ? item.id : '');
    } finally {
      setBusy('');
    }
  }

  const heading = day === today ? t('appt.today') : t('appt.onDay', { date: formatDate(day) });
  return (
    <section className="appointments card" aria-labelledby="appointments-heading">
      <h2 id="appointments-heading">{heading}</h2>
      <div className="form-grid">
        <TextField id="appointments-day" label={t('appt.day')} value={typedDay} onChange={setTypedDay} inputMode="numeric"
          hint={t('appt.keys')} error={typedDay.trim() && !dayOf(typedDay) ? t('appt.dateInvalid') : undefined} />
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {items && items.length === 0 && <p className="muted">{t('appt.empty')}</p>}
      {items && items.length > 0 && (
        <table className="queue-table">
          <thead>
            <tr>
              <th scope="col">{t('appt.colTime')}</th>
              <th scope="col">{t('appt.colPatient')}</th>
              <th scope="col">{t('appt.colRoom')}</th>
              <th scope="col">{t('appt.colStatus')}</th>
              <th scope="col">{t('appt.colActions')}</th>
            </tr>
          </thead>
          <tbody ref={listRef}>
            {items.map((item) => (
              <tr key={item.id} data-testid="appointment-row">
                <td>{item.time}</td>
                <td>{item.patient.name}{item.reason ? <div className="muted">{item.reason}</div> : null}</td>
                <td>{item.room.name}</td>
                <td>
                  {t(`appt.status.${item.status}`)}
                  {item.visit && <> · {t('appt.queueNumber', { n: item.visit.number })}</>}
                  {item.cancelReason && <div className="muted">{item.cancelReason}</div>}
                </td>
                <td>
                  {item.status === 'booked' && (cancelling?.id === item.id ? (
                    <form onSubmit={(event) => {
                      event.preventDefault();
                      if (cancelling.reason.trim()) void act(item, 'cancel', cancelling.reason);
                    }}>
                      <TextField id={`cancel-reason-${item.id}`} label={t('appt.cancelReason')} value={cancelling.reason} autoFocus
                        onChange={(reason) => setCancelling({ id: item.id, reason })} maxLength={500} />
                      <button type="submit" className="secondary" disabled={!cancelling.reason.trim() || busy === item.id}>{t('appt.cancelConfirm')}</button>
                    </form>
                  ) : (
                    <div className="actions">
                      {day === today && <button type="button" className="primary" data-action="check-in" disabled={busy === item.id}
                        onClick={() => void act(item, 'check-in')}>{t('appt.checkIn')}</button>}
                      {selfPayFor === item.id && <button type="button" className="secondary" disabled={busy === item.id}
                        onClick={() => void act(item, 'check-in', 'self-pay')}>{t('appt.checkInSelfPay')}</button>}
                      {Date.parse(item.start) <= Date.now() && <button type="button" className="secondary" disabled={busy === item.id}
                        onClick={() => void act(item, 'no-show')}>{t('appt.noShow')}</button>}
                      <button type="button" className="secondary" onClick={() => setCancelling({ id: item.id, reason: '' })}>{t('appt.cancel')}</button>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
