// Keyboard shortcuts, matched on the physical key (event.code), so they work whatever the keyboard layout or
// Vietnamese input method (Telex, VNI) is on.
import { useEffect, useRef } from 'react';

export interface Shortcut {
  /** KeyboardEvent.code, e.g. 'KeyN', 'F2', 'Enter', 'Escape'. */
  code: string;
  alt?: boolean;
  ctrl?: boolean;
}

export function matches(event: KeyboardEvent, shortcut: Shortcut): boolean {
  return event.code === shortcut.code && event.altKey === !!shortcut.alt && (event.ctrlKey || event.metaKey) === !!shortcut.ctrl && !event.shiftKey;
}

/** Runs `handler` when the shortcut is pressed anywhere on the page (while `enabled`). */
export function useShortcut(shortcut: Shortcut, handler: (event: KeyboardEvent) => void, enabled = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return undefined;
    const listener = (event: KeyboardEvent) => {
      if (!matches(event, shortcut)) return;
      event.preventDefault();
      latest.current(event);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [shortcut.code, shortcut.alt, shortcut.ctrl, enabled]);
}

export const SHORTCUTS = {
  search: { code: 'F2' },
  searchAlt: { code: 'KeyS', alt: true },
  newPatient: { code: 'KeyN', alt: true },
  save: { code: 'Enter', ctrl: true },
  cancel: { code: 'Escape' },
  callNext: { code: 'KeyG', alt: true },
  bookAppointment: { code: 'KeyH', alt: true },
  appointments: { code: 'KeyT', alt: true },
  language: { code: 'KeyL', alt: true },
} satisfies Record<string, Shortcut>;
