// The rooms as the desk's room pickers offer them (registering a visit, booking one ahead), and the room the clerk
// used last, remembered on this computer.
import type { Room } from '../../../fhir/registration/visit.ts';
import { foldVietnamese } from '../../../fhir/text/fold.ts';

const ROOM_KEY = 'sen.room';

export function defaultRoom(rooms: readonly Room[]): string {
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(ROOM_KEY);
  } catch {
    remembered = null;
  }
  if (remembered && rooms.some((room) => room.id === remembered)) return remembered;
  return (rooms.find((room) => /kham/.test(foldVietnamese(room.name))) ?? rooms[0])?.id ?? '';
}

export function rememberRoom(room: string): void {
  try {
    localStorage.setItem(ROOM_KEY, room);
  } catch {
    // not remembered
  }
}

/** Room names, with the facility's when the list spans several (a system administrator's). */
export function roomOptions(rooms: readonly Room[] | undefined): { value: string; label: string }[] {
  return (rooms ?? []).map((candidate) => ({
    value: candidate.id,
    label: candidate.facilityName && rooms?.some((other) => other.facilityId !== candidate.facilityId) ? `${candidate.name} — ${candidate.facilityName}` : candidate.name,
  }));
}
