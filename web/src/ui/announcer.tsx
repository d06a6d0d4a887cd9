// One polite and one assertive live region for the whole app: screen readers hear what changed (results found,
// errors to fix, a number called) without the focus moving.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

type Announce = (message: string, urgency?: 'polite' | 'assertive') => void;

const AnnouncerContext = createContext<Announce>(() => undefined);

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  const announce = useCallback<Announce>((message, urgency = 'polite') => {
    const set = urgency === 'assertive' ? setAssertive : setPolite;
    // Clear first so that the same message said twice is heard twice.
    set('');
    window.setTimeout(() => set(message), 30);
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer-polite">{polite}</div>
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="announcer-assertive">{assertive}</div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
