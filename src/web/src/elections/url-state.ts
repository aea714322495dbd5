import { useUrlState } from '../use-url-state';

/** The elections view's choices, kept in the URL (Back works, a link shares the view). */
export interface ElectionChoice {
  readonly election?: string | undefined;
  readonly round?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly method?: string | undefined;
  /** The campaign's first-round option, and the second-round option its voters can be won back from. */
  readonly side?: string | undefined;
  readonly gain?: string | undefined;
  /** Transfers within one district (constituency), and candidates pooled by party ('party'). */
  readonly district?: string | undefined;
  readonly by?: string | undefined;
}

const KEYS = ['election', 'round', 'from', 'to', 'method', 'side', 'gain', 'district', 'by'] as const;

export function choiceFromSearch(search: string): ElectionChoice {
  const p = new URLSearchParams(search);
  return Object.fromEntries(KEYS.map((k) => [k, p.get(k)?.trim() || undefined]));
}

export function searchFromChoice(c: ElectionChoice): string {
  const p = new URLSearchParams();
  for (const k of KEYS) if (c[k]) p.set(k, c[k]!);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function useChoice(): [ElectionChoice, (c: ElectionChoice) => void] {
  return useUrlState(choiceFromSearch, searchFromChoice);
}

export const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)} %`);
export const num = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-GB'));
