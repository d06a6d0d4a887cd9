// A room's queue for the day, for the doctor or nurse: who is being seen, who waits (emergencies and other priorities
// first), who is done. Updates itself; "call next" takes the first waiting patient.
import { useCallback, useState } from 'react';
import { ApiFailure, getJson, postJson, type Session } from '../api.ts';
import { formatDate, formatTime, useI18n, type MessageKey } from '../i18n.tsx';
import { SHORTCUTS, useShortcut } from '../shortcuts.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Kbd, SelectField } from '../ui/fields.tsx';
import { VISIT_PRIORITIES, type VisitPriority } from '../../../fhir/registration/code-lists.ts';
import type { PatientSummary } from '../../../fhir/registration/patient-summary.ts';

import { ageText, sexText } from './patient-card.tsx';
import { usePolling, useRooms } from './use-rooms.ts';
import { navigate } from '../router.ts';
import { vnDate } from '../../../fhir/vietnam-time.ts';

export interface QueueItem {
  encounterId: string;
  number: number;
  status: 'waiting' | 'in-progress' | 'finished' | 'cancelled';
  priority: VisitPriority;
  payment?: 'insurance' | 'self-pay';
  reason?: string;
  registeredAt: string;
  calledAt?: string;
  patient: PatientSummary;
}

const POLL_SECONDS = 3;
const ROOM_KEY = 'sen.queue.room';

export default function QueuePage({ session: _session }: { session: Session }) {
  const { t, language } = useI18n();
  const announce = useAnnounce();
  const rooms = useRooms();
  const [room, setRoom] = useState<string>(() => {
    try {
      return localStorage.getItem(ROOM_KEY) ?? '';
    } catch {
      return '';
    }
  });
  const [items, setItems] = useState<QueueItem[] | undefined>();
  const [error, setError] = useState('');
  const day = vnDate(Date.now());
  const roomId = rooms?.some((candidate) => candidate.id === room) ? room : rooms?.find((candidate) => /kh[aá]m/i.test(candidate.name))?.id ?? rooms?.[0]?.id ?? '';

  const load = useCallback(() => {
    if (!roomId) return;
    getJson<{ rooms: { locationId: string; items: QueueItem[] }[] }>(`/api/queue?location=${encodeURIComponent(roomId)}&day=${day}`)
      .then((body) => {
        setItems(body.rooms[0]?.items ?? []);
        setError('');
      }, (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, [roomId, day]);
  usePolling(load, POLL_SECONDS, [load]);

  async function act(path: string, body: unknown = {}) {
    try {
      const result = await postJson<{ called?: QueueItem | null; item?: QueueItem }>(path, body);
      const called = result.called === undefined ? (path.endsWith('/call') || path.endsWith('/recall') ? result.item : undefined) : result.called;
      if (result.called === null) announce(t('queue.nobodyWaiting'), 'assertive');
      else if (called) announce(t('queue.called', { n: called.number, name: called.patient.name }), 'assertive');
      load();
    } catch (failure) {
      setError(failure instanceof ApiFailure && failure.status === 403 ? t('common.forbidden') : failure instanceof Error ? failure.message : String(failure));
    }
  }
  const callNext = () => void act('/api/queue/next', { locationId: roomId });
  useShortcut(SHORTCUTS.callNext, callNext, !!roomId);

  const count = (status: QueueItem['status']) => items?.filter((item) => item.status === status).length ?? 0;
  const priorityLabel = (code: VisitPriority) => VISIT_PRIORITIES.find((candidate) => candidate.code === code)?.[language] ?? code;
  return (
    <section className="queue" aria-labelledby="queue-heading">
      <div className="queue-head">
        <h1 id="queue-heading">{t('queue.title')}</h1>
        <SelectField id="queue-room" label={t('queue.room')} value={roomId}
          options={(rooms ?? []).map((candidate) => ({ value: candidate.id, label: candidate.facilityName && rooms?.some((other) => other.facilityId !== candidate.facilityId) ? `${candidate.name} — ${candidate.facilityName}` : candidate.name }))}
          onChange={(value) => {
            setRoom(value);
            setItems(undefined);
            try {
              localStorage.setItem(ROOM_KEY, value);
            } catch {
              // not remembered
            }
          }} />
        <p className="muted">{t('queue.day', { date: formatDate(day) })} · {t('queue.updated', { n: POLL_SECONDS })}</p>
      </div>
      {rooms && rooms.length === 0 && <p className="error">{t('visit.noRooms')}</p>}
      <div className="queue-summary">
        <span className="badge">{t('queue.waiting', { n: count('waiting') })}</span>
        <span className="badge ok">{t('queue.inProgress', { n: count('in-progress') })}</span>
        <span className="badge muted">{t('queue.finished', { n: count('finished') })}</span>
        <button type="button" className="primary" onClick={callNext} disabled={!roomId || count('waiting') === 0}>
          {t('queue.callNext')} <Kbd>Alt</Kbd>+<Kbd>G</Kbd>
        </button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {items === undefined ? <p role="status">{t('common.loading')}</p> : items.length === 0 ? <p>{t('queue.empty')}</p> : (
        <div className="table-scroll">
          <table className="queue-table">
            <caption className="visually-hidden">{t('queue.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue.number')}</th>
                <th scope="col">{t('queue.patient')}</th>
                <th scope="col">{t('queue.ageSex')}</th>
                <th scope="col">{t('visit.priority')}</th>
                <th scope="col">{t('visit.payment')}</th>
                <th scope="col">{t('queue.reason')}</th>
                <th scope="col">{t('queue.status')}</th>
                <th scope="col">{t('queue.arrived')}</th>
                <th scope="col">{t('queue.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.encounterId} className={`status-${item.status}`}>
                  <td className="queue-number">{item.number}</td>
                  <td className="queue-patient">{item.patient.name}</td>
                  <td>{[ageText(t, item.patient), sexText(t, item.patient.gender)].filter(Boolean).join(' · ')}</td>
                  <td>{item.priority !== 'none' ? <span className={`badge ${item.priority === 'emergency' ? 'danger' : 'warn'}`}>{priorityLabel(item.priority)}</span> : priorityLabel(item.priority)}</td>
                  <td>{item.payment ? t(item.payment === 'insurance' ? 'visit.insurance' : 'visit.selfPay') : ''}</td>
                  <td>{item.reason ?? ''}</td>
                  <td>{t(`status.${item.status}` as MessageKey)}</td>
                  <td>{formatTime(item.registeredAt)}</td>
                  <td className="row-actions">
                    {item.status === 'waiting' && <button type="button" className="secondary small" onClick={() => void act(`/api/queue/${item.encounterId}/call`)}>{t('queue.call')} {item.number}</button>}
                    {item.status === 'in-progress' && <button type="button" className="primary small" onClick={() => navigate(`/examination?encounter=${encodeURIComponent(item.encounterId)}`)}>{t('queue.open')} {item.number}</button>}
                    {item.status === 'in-progress' && <button type="button" className="secondary small" onClick={() => void act(`/api/queue/${item.encounterId}/recall`)}>{t('queue.recall')} {item.number}</button>}
                    {item.status === 'in-progress' && <button type="button" className="secondary small" onClick={() => void act(`/api/queue/${item.encounterId}/finish`)}>{t('queue.finish')} {item.number}</button>}
                    {item.status === 'waiting' && <button type="button" className="link-button small" onClick={() => void act(`/api/queue/${item.encounterId}/cancel`)}>{t('queue.cancelVisit')}</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
