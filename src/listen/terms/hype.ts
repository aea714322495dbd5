import { HOUR_MS } from '../rollup/cells';
import type { HypeAlert, HypeOptions } from '../trends';
import { DEFAULT_HYPE, detectHype } from '../trends';
import type { TermKind, TermSeries } from './cells';
import type { TermWindow } from './rank';

/** A hype alert of one hashtag or phrase, with ISO times. */
export interface TermHypeAlert extends Omit<HypeAlert, 'start' | 'peak'> {
  readonly kind: Exclude<TermKind, 'question'>;
  readonly term: string;
  readonly start: string;
  readonly peak: string;
}

/**
 * Volume bursts of hashtags and phrases (`detectHype` on each term's hourly posts, topic '').
 * A term's series runs over the whole `span` (the hours that hold posts at all), zeros before
 * its first post: a term that appears from nothing in a burst is news, and is caught. Alerts
 * need `minCount` posts an hour, so a small cell never raises one. Newest first.
 */
export function termHype(series: Iterable<TermSeries>, kinds: readonly TermKind[], span: TermWindow, options: HypeOptions = DEFAULT_HYPE): TermHypeAlert[] {
  const hours = Math.max(0, Math.round((span.to - span.from) / HOUR_MS));
  const alerts: TermHypeAlert[] = [];
  for (const s of series) {
    if (s.topic !== '' || s.kind === 'question' || !kinds.includes(s.kind)) continue;
    // Most terms never reach `minCount` posts in an hour: they cannot raise an alert, so their series is not built.
    if (!someAtLeast(s.hours, options.minCount)) continue;
    const counts = new Array<number>(hours).fill(0);
    for (const [hour, n] of s.hours) if (hour >= span.from && hour < span.to) counts[Math.round((hour - span.from) / HOUR_MS)]! += n;
    for (const a of detectHype(counts, span.from, options)) alerts.push({ kind: s.kind, term: s.term, ...a, start: iso(a.start), peak: iso(a.peak) });
  }
  return alerts.sort((a, b) => b.start.localeCompare(a.start) || a.kind.localeCompare(b.kind) || a.term.localeCompare(b.term));
}

function someAtLeast(hours: ReadonlyMap<number, number>, n: number): boolean {
  for (const posts of hours.values()) if (posts >= n) return true;
  return false;
}

const iso = (t: number): string => new Date(t).toISOString();
