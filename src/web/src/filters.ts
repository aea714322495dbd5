/** The dashboard's filters, kept in the page's URL so that a view can be shared. */
export interface Filters {
  /** Absent: the server's first question (`hustings serve --question`), whatever it is. */
  readonly question?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly country?: string | undefined;
  readonly lang?: string | undefined;
  readonly topic?: string | undefined;
  readonly stance?: string | undefined;
}

export const FILTER_KEYS = ['question', 'from', 'to', 'country', 'lang', 'topic', 'stance'] as const;

/** The filters a URL's query string holds (unknown keys and empty values are ignored). */
export function filtersFromSearch(search: string): Filters {
  const params = new URLSearchParams(search);
  const value = (k: string): string | undefined => params.get(k)?.trim() || undefined;
  return {
    question: value('question'),
    from: value('from'),
    to: value('to'),
    country: value('country'),
    lang: value('lang'),
    topic: value('topic'),
    stance: value('stance'),
  };
}

/** The query string of a set of filters, in a stable order, without empty values. */
export function searchFromFilters(f: Filters): string {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v) params.set(k, v);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The day after a YYYY-MM-DD date (the API's `to` is exclusive; the page's "to" day is included). */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The filters as API query parameters: the chosen "to" day is included. */
export function apiParams(f: Filters): Record<string, string | undefined> {
  return { ...f, to: f.to && /^\d{4}-\d{2}-\d{2}$/.test(f.to) ? dayAfter(f.to) : f.to };
}

/** A copy with one filter set (or cleared with undefined / ''). */
export function withFilter(f: Filters, key: (typeof FILTER_KEYS)[number], value: string | undefined): Filters {
  return { ...f, [key]: value || undefined };
}
