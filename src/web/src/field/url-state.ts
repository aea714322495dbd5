import { useUrlState } from '../use-url-state';

export const TABS = ['turfs', 'teams', 'progress', 'answers'] as const;
export type Tab = (typeof TABS)[number];

/** The field view's place, kept in the URL (Back works, a link shares it). */
export interface FieldPlace {
  readonly tab: Tab;
  readonly campaign?: string | undefined;
  readonly area?: string | undefined;
  readonly turf?: string | undefined;
}

export function placeFromSearch(search: string): FieldPlace {
  const p = new URLSearchParams(search);
  const tab = p.get('tab');
  return {
    tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'turfs',
    campaign: p.get('campaign') || undefined,
    area: p.get('area') || undefined,
    turf: p.get('turf') || undefined,
  };
}

export function searchFromPlace(f: FieldPlace): string {
  const p = new URLSearchParams();
  if (f.campaign) p.set('campaign', f.campaign);
  if (f.tab !== 'turfs') p.set('tab', f.tab);
  if (f.area) p.set('area', f.area);
  if (f.turf) p.set('turf', f.turf);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function usePlace(): [FieldPlace, (f: FieldPlace) => void] {
  return useUrlState(placeFromSearch, searchFromPlace);
}
