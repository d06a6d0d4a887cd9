import { useEffect, useState } from 'react';
import { getJson } from '../api.ts';
import type { Room } from '../../../fhir/registration/visit.ts';

export function useRooms(): Room[] | undefined {
  const [rooms, setRooms] = useState<Room[] | undefined>();
  useEffect(() => {
    getJson<{ rooms: Room[] }>('/api/registration/rooms').then((body) => setRooms(body.rooms), () => setRooms([]));
  }, []);
  return rooms;
}

/** Calls `tick` now and every `seconds` while the page is visible. */
export function usePolling(tick: () => void, seconds: number, deps: readonly unknown[]): void {
  useEffect(() => {
    tick();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') tick();
    }, seconds * 1000);
    return () => window.clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
