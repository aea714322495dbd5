import { HOUR_MS } from '../rollup/cells';
import type { TermKind, TermSeries } from './cells';

/** A time window of whole hours: `from` inclusive, `to` exclusive (epoch ms). */
export interface TermWindow {
  readonly from: number;
  readonly to: number;
}

/** A term among the most counted: its posts in the window and its index, 0–100, against the first. */
export interface RankedTerm {
  readonly term: string;
  readonly posts: number;
  readonly index: number;
}

/** A term whose share grew: its posts in the later half of the window, and the growth of its share in percent (or 'breakout'). */
export interface RisingTerm {
  readonly term: string;
  readonly posts: number;
  readonly growth: number | 'breakout';
}

/** Growth from which a rising term is a 'breakout' (Google Trends: more than 5000 %), as is a term absent before. */
export const BREAKOUT_GROWTH = 5000;

/**
 * The window a ranking covers: `from` and `to` when given, else the first and last hour that
 * holds posts (`totals`: posts by hour). Null when there is nothing to rank.
 */
export function termWindow(totals: ReadonlyMap<number, number>, from?: number, to?: number): TermWindow | null {
  const hours = [...totals.keys()].filter((h) => (from === undefined || h >= from) && (to === undefined || h < to));
  if (hours.length === 0) return null;
  return { from: from ?? Math.min(...hours), to: to ?? Math.max(...hours) + HOUR_MS };
}

/** Posts by term of one kind and topic between two times. */
function sumByTerm(series: Iterable<TermSeries>, kind: TermKind, topic: string, from: number, to: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of series) {
    if (s.kind !== kind || s.topic !== topic) continue;
    const n = sumHours(s.hours, from, to);
    if (n > 0) out.set(s.term, n);
  }
  return out;
}

/** Posts of the hours between two times. */
export function sumHours(counts: ReadonlyMap<number, number>, from: number, to: number): number {
  let n = 0;
  for (const [h, posts] of counts) if (h >= from && h < to) n += posts;
  return n;
}

/** Most posts first; equal counts in the order of the terms, so that a ranking is reproducible. */
const byPosts = (a: { term: string; posts: number }, b: { term: string; posts: number }): number => b.posts - a.posts || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);

/**
 * The `limit` terms of a kind carried by most posts in the window (under `topic`, '' for all
 * posts), each with an index 0–100: its posts against the first one's (Google Trends' "top",
 * scaled as its interest is). Terms of fewer than `minCell` posts in the window are never shown.
 */
export function topTerms(series: Iterable<TermSeries>, kind: TermKind, topic: string, window: TermWindow, limit: number, minCell: number): RankedTerm[] {
  const ranked = [...sumByTerm(series, kind, topic, window.from, window.to)]
    .filter(([, posts]) => posts >= minCell)
    .map(([term, posts]) => ({ term, posts }))
    .sort(byPosts)
    .slice(0, limit);
  const first = ranked[0]?.posts ?? 1;
  return ranked.map((r) => ({ ...r, index: Math.round((100 * r.posts) / first) }));
}

/** The middle of a window, on an hour boundary: the start of its later half. */
export function midpoint(window: TermWindow): number {
  return window.from + Math.floor((window.to - window.from) / 2 / HOUR_MS) * HOUR_MS;
}

/**
 * Terms whose share of posts grew most (Google Trends' "rising"): the window is cut in two
 * halves of whole hours; a term's share in each is its posts over all posts of that half
 * (`totals`, under the same topic), and its growth is `100 × (later share / earlier share − 1)`
 * percent, rounded. A term absent from the earlier half, or grown by `BREAKOUT_GROWTH` % or more,
 * is a 'breakout'. Only terms in at least `minCell` posts of the later half and with a growth
 * above 0 are shown: breakouts first (most posts first), then by growth.
 */
export function risingTerms(series: Iterable<TermSeries>, totals: ReadonlyMap<number, number>, kind: TermKind, topic: string, window: TermWindow, limit: number, minCell: number): RisingTerm[] {
  const mid = midpoint(window);
  if (mid <= window.from || mid >= window.to) return [];
  const list = [...series];
  const earlier = sumByTerm(list, kind, topic, window.from, mid);
  const later = sumByTerm(list, kind, topic, mid, window.to);
  const [totalEarlier, totalLater] = [sumHours(totals, window.from, mid), sumHours(totals, mid, window.to)];
  if (totalEarlier === 0 || totalLater === 0) return [];
  const rising: RisingTerm[] = [];
  for (const [term, posts] of later) {
    if (posts < minCell) continue;
    const before = earlier.get(term) ?? 0;
    const growth = before === 0 ? Infinity : Math.round(100 * ((posts / totalLater) / (before / totalEarlier) - 1));
    if (growth > 0) rising.push({ term, posts, growth: growth >= BREAKOUT_GROWTH ? 'breakout' : growth });
  }
  const rank = (r: RisingTerm): number => (r.growth === 'breakout' ? Infinity : r.growth);
  return rising.sort((a, b) => rank(b) - rank(a) || byPosts(a, b)).slice(0, limit);
}

/**
 * The questions asked under each topic (posts that ask something, grouped by the topics of their
 * post), the `limit` most asked per topic (as `topTerms`), topics with most such posts first.
 */
export function questionsByTopic(series: Iterable<TermSeries>, window: TermWindow, limit: number, minCell: number): { topic: string; questions: RankedTerm[] }[] {
  const list = [...series].filter((s) => s.kind === 'question' && s.topic !== '');
  const topics = [...new Set(list.map((s) => s.topic))];
  return topics
    .map((topic) => ({ topic, questions: topTerms(list, 'question', topic, window, limit, minCell) }))
    .filter((g) => g.questions.length > 0)
    .sort((a, b) => b.questions[0]!.posts - a.questions[0]!.posts || (a.topic < b.topic ? -1 : 1));
}

