import { useUrlState } from '../use-url-state';

export const TABS = ['people', 'import', 'segments', 'review', 'requests', 'retention'] as const;
export type Tab = (typeof TABS)[number];

/** The contacts view's place, kept in the URL (Back works, a link shares it). */
export interface ContactsPlace {
  readonly tab: Tab;
  readonly q?: string | undefined;
  readonly person?: string | undefined;
}

export function placeFromSearch(search: string): ContactsPlace {
  const p = new URLSearchParams(search);
  const tab = p.get('tab');
  return { tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'people', q: p.get('q') || undefined, person: p.get('person') || undefined };
}

export function searchFromPlace(c: ContactsPlace): string {
  const p = new URLSearchParams();
  if (c.tab !== 'people') p.set('tab', c.tab);
  if (c.q) p.set('q', c.q);
  if (c.person) p.set('person', c.person);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function usePlace(): [ContactsPlace, (c: ContactsPlace) => void] {
  return useUrlState(placeFromSearch, searchFromPlace);
}
