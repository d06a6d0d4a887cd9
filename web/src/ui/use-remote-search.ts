// Options searched on the server as the user types: each new text cancels the request before it, so a slow answer
// to "viem" never replaces the answer to "viem hong".
import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson } from '../api.ts';

export function useRemoteSearch<Body, T>(url: (text: string) => string, pick: (body: Body) => T[]): [T[], (text: string) => void] {
  const [results, setResults] = useState<T[]>([]);
  const pending = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => pending.current?.abort(), []);
  const search = useCallback((text: string) => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    getJson<Body>(url(text), controller.signal).then((body) => setResults(pick(body)), () => {
      if (!controller.signal.aborted) setResults([]);
    });
  }, [url, pick]);
  return [results, search];
}
