import { useEffect, useState } from 'react';
import { get } from './api';

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: string | null;
}

/**
 * GETs `path` with `params` whenever they or `version` change (the live stream bumps `version`).
 * The previous data stays on screen while the next answer is on its way, so live updates do not flicker.
 */
export function useApi<T>(path: string | null, params: Record<string, string | undefined>, version: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null });
  const key = JSON.stringify(params);
  useEffect(() => {
    if (!path) return;
    let live = true;
    get<T>(path, params).then(
      (data) => live && setState({ data, error: null }),
      (e: Error) => live && setState((s) => ({ data: s.data, error: e.message })),
    );
    return () => {
      live = false;
    };
  }, [path, key, version]);
  return state;
}
