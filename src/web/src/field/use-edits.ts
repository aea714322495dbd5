import { useState } from 'react';
import { describeChange } from './map-data';
import type { TurfSummary } from './types';

/** One turf edit: `run` calls the server and may answer a sentence to show after the label. */
export type Edit = (label: string, run: () => Promise<string | void>) => Promise<void>;

export interface Edits {
  readonly edit: Edit;
  readonly busy: boolean;
  /** What the last edit changed: its label, then one line per turf touched. */
  readonly note: string[] | null;
  readonly error: string | null;
  readonly reset: () => void;
}

/**
 * Turf edits one at a time: after each, the turfs are loaded again and compared with those before,
 * so the organiser sees what the server did (a split renumbers, a merge removes one); a refusal
 * becomes `error`.
 */
export function useEdits(turfs: readonly TurfSummary[] | null, reload: () => Promise<TurfSummary[]>, onDone: () => void): Edits {
  const [note, setNote] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const edit: Edit = async (label, run) => {
    setBusy(true);
    setError(null);
    const before = turfs ?? [];
    try {
      const said = await run();
      const after = await reload();
      setNote([said ? `${label}: ${said}` : label, ...describeChange(before, after)]);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { edit, busy, note, error, reset: () => (setNote(null), setError(null)) };
}
