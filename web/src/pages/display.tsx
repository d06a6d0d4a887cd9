// The waiting-room screen (for a TV): per room, the number called last in very large type and the next numbers.
// Names are shortened (Nguyễn V. An). It updates itself and announces each new call.
import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson, type Session } from '../api.ts';
import { formatDate, useI18n } from '../i18n.tsx';
import { navigate, useSearchParam } from '../router.ts';
import { useAnnounce } from '../ui/announcer.tsx';

import { usePolling, useRooms } from './use-rooms.ts';
import type { Room } from '../../../fhir/registration/visit.ts';
import { vnDate } from '../../../fhir/vietnam-time.ts';

interface RoomDisplay {
  room: Room;
  calling?: { number: number; name: string; calledAt: string };
  next: { number: number; name: string; priority: string }[];
  waiting: number;
}

const POLL_SECONDS = 3;

export default function DisplayPage({ session }: { session: Session }) {
  const { t, language, setLanguage } = useI18n();
  const announce = useAnnounce();
  const rooms = useRooms();
  const roomParam = useSearchParam('rooms');
  const [displays, setDisplays] = useState<RoomDisplay[]>([]);
  const [clock, setClock] = useState(() => new Date());
  const lastCalls = useRef(new Map<string, string>());
  const chosen = roomParam ? roomParam.split(',') : (rooms ?? []).map((room) => room.id);
  const key = chosen.join(',');

  const load = useCallback(() => {
    if (!key) return;
    getJson<{ rooms: RoomDisplay[] }>(`/api/queue/display?location=${encodeURIComponent(key)}`).then((body) => {
      setDisplays(body.rooms);
      for (const display of body.rooms) {
        const call = display.calling ? `${display.calling.number}@${display.calling.calledAt}` : '';
        const before = lastCalls.current.get(display.room.id);
        if (before !== undefined && call && before !== call) announce(`${t('display.calling')} ${display.calling!.number}, ${display.room.name}`, 'assertive');
        lastCalls.current.set(display.room.id, call);
      }
    }, () => undefined);
  }, [key, announce, t]);
  usePolling(load, POLL_SECONDS, [load]);
  useEffect(() => {
    const timer = window.setInterval(() => setClock(new Date()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !document.fullscreenElement) navigate('/');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const time = new Date(clock.getTime() + 7 * 3_600_000);
  return (
    <main className="display" id="main">
      <header className="display-header">
        <h1>{session.facilityName ?? t('display.title')}</h1>
        <p className="display-clock">{String(time.getUTCHours()).padStart(2, '0')}:{String(time.getUTCMinutes()).padStart(2, '0')} · {formatDate(vnDate(clock.getTime()))}</p>
        <div className="display-controls">
          <button type="button" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>{t('display.fullscreen')}</button>
          <button type="button" onClick={() => setLanguage(language === 'vi' ? 'en' : 'vi')}>{t('lang.switch')}</button>
          <button type="button" onClick={() => navigate('/')}>{t('display.exit')}</button>
        </div>
      </header>
      {rooms && !roomParam && rooms.length > 1 && (
        <details className="display-rooms">
          <summary>{t('display.rooms')}</summary>
          <ul>
            {rooms.map((room) => (
              <li key={room.id}><a href={`/display?rooms=${room.id}`} onClick={(event) => { event.preventDefault(); navigate(`/display?rooms=${room.id}`); }}>{room.name}</a></li>
            ))}
          </ul>
        </details>
      )}
      <div className={`display-grid rooms-${Math.min(displays.length, 4)}`}>
        {displays.map((display) => (
          <section key={display.room.id} className="display-room" aria-labelledby={`display-${display.room.id}`}>
            <h2 id={`display-${display.room.id}`}>{display.room.name}</h2>
            <p className="display-label">{t('display.calling')}</p>
            {display.calling ? (
              <>
                <p className="display-number" data-testid="display-number">{display.calling.number}</p>
                <p className="display-name">{display.calling.name}</p>
              </>
            ) : <p className="display-nobody">{t('display.nobody')}</p>}
            <p className="display-label">{t('display.next')}</p>
            <ol className="display-next">
              {display.next.map((item) => <li key={item.number} className={item.priority !== 'none' ? 'priority' : undefined}>{item.number}</li>)}
            </ol>
            <p className="display-waiting">{t('display.waitingCount', { n: display.waiting })}</p>
          </section>
        ))}
      </div>
    </main>
  );
}
