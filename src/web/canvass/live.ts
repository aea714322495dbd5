import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';

/** The answer of a Dexie query, re-read whenever the tables it read change (undefined until the first answer). */
export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({ next: setValue, error: (e: unknown) => console.error('canvass: a local query failed', e) });
    return () => sub.unsubscribe();
  }, deps);
  return value;
}

/** Whether the browser believes it has a network. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = (): void => setOnline(true);
    const off = (): void => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function clock(ms: number | null | undefined): string {
  if (ms == null) return 'never';
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

export function dayClock(ms: number): string {
  return new Date(ms).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** A person's name as the package gives it (either part may be missing). */
export function personName(p: { id: number; givenName: string | null; familyName: string | null }): string {
  return [p.givenName, p.familyName].filter(Boolean).join(' ') || `person ${p.id}`;
}

export const RESULT_LABELS: Record<string, string> = {
  contacted: 'Contacted',
  not_home: 'Not home',
  refused: 'Refused',
  moved: 'Moved',
  come_back: 'Come back',
  do_not_contact: 'Do not contact',
};
