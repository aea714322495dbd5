import { useEffect, useState } from 'react';
import { get } from './api';

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: string | null;
  /** The `version` the data (or error) answers; -1 before the first answer. */
  readonly version: number;
  /** The params (as JSON) the data answers: other than the ones asked for while the next answer is on its way. */
  readonly key: string | null;
}

/**
 * GETs `path` with `params` whenever they or `version` change (the live stream bumps `version`).
 * The previous data stays on screen while the next answer is on its way, so live updates do not flicker.
 */
export function useApi<T>(path: string | null, params: Record<string, string | undefined>, version: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, version: -1, key: null });
  const key = JSON.stringify(params);
  useEffect(() => {
    if (!path) return;
    let live = true;
    get<T>(path, params).then(
      (data) => live && setState({ data, error: null, version, key }),
      (e: Error) => live && setState((s) => ({ data: s.data, error: e.message, version, key: s.key })),
    );
    return () => {
      live = false;
    };
  }, [path, key, version]);
  return state;
}
