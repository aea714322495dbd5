import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from '../api';
import type { TurfDetail, TurfSummary } from './types';

export interface AreaTurfs {
  readonly turfs: TurfSummary[] | null;
  /** Each turf with its doors in walking order (the map draws them all). */
  readonly details: TurfDetail[];
  readonly error: string | null;
  /** Loads the turfs again and answers the new list (an edit compares it with the old one). */
  readonly reload: () => Promise<TurfSummary[]>;
}

/** The turfs of one area of a campaign and their doors. */
export function useTurfs(campaign: number, area: string | undefined): AreaTurfs {
  const [turfs, setTurfs] = useState<TurfSummary[] | null>(null);
  const [details, setDetails] = useState<TurfDetail[]>([]);
  const [error, setError] = useState<string | null>(null);
  // The area on screen: an answer for an area left meanwhile is dropped.
  const shown = useRef('');
  shown.current = `${campaign}/${area ?? ''}`;
  const reload = useCallback(async (): Promise<TurfSummary[]> => {
    if (!area) return [];
    const key = `${campaign}/${area}`;
    try {
      const list = (await get<{ turfs: TurfSummary[] }>(`/api/field/campaigns/${campaign}/turfs`, { area })).turfs;
      const full = await Promise.all(list.map((t) => get<TurfDetail>(`/api/field/turfs/${t.id}`)));
      if (shown.current !== key) return list;
      setTurfs(list);
      setDetails(full);
      setError(null);
      return list;
    } catch (e) {
      setError((e as Error).message);
      return turfs ?? [];
    }
  }, [campaign, area]);
  useEffect(() => {
    setTurfs(null);
    setDetails([]);
    void reload();
  }, [reload]);
  return { turfs, details, error, reload };
}
