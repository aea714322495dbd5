import type { ReportFilter } from '../report/filter';
import type { StoredMarks } from '../live';
import { loadOnce, revalidateInBackground, stillCurrent } from '../rollup/freshness';
import type { PostStore } from '../store';
import type { InterestPoint } from '../trends';
import { interestFromCounts } from '../trends';
import type { TermKind, TermSeries } from './cells';
import type { TermHypeAlert } from './hype';
import { termHype } from './hype';
import type { RankedTerm, RisingTerm } from './rank';
import { questionsByTopic, risingTerms, sumHours, termWindow, topTerms } from './rank';
import { readShownTerms } from './read';
import type { TermParams } from './sum.mjs';

/** Posts by hour of a question, narrowed by a filter (the report cache's `hourlyPosts`). */
export type HourlyPosts = (question: string, filter: ReportFilter) => Promise<ReadonlyMap<number, number>>;

/** What term reads may be narrowed to: time, and (questions only) a topic. */
export interface TermsFilter {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly topic?: string | undefined;
}

/** Top and rising terms of a kind in a window; questions also grouped by topic. */
export interface TermsView {
  /** The window ranked (ISO times; `to` exclusive), null when it holds no posts. */
  readonly window: { readonly from: string; readonly to: string } | null;
  readonly top: readonly RankedTerm[];
  readonly rising: readonly RisingTerm[];
  readonly byTopic?: readonly { readonly topic: string; readonly questions: readonly RankedTerm[] }[];
}

interface Series extends TermSeries {
  readonly hours: Map<number, number>;
}

interface Entry {
  /** The series of the terms that can be shown: counted in `minCell` posts or more over all time. */
  shown: Map<string, Series>;
  /** Posts added live to terms not shown (yet): their count decides when they are. */
  pending: Map<string, Series>;
  list: Series[] | null;
  mark: string;
  loadedAt: number;
  /** How long the last read of the store took: reads are spaced by 5 times that at least. */
  loadMs: number;
  derived: Map<string, unknown>;
  refreshing: Promise<void> | null;
  /** The question's classified posts when the terms were read (see `revalidate`). */
  posts: number;
}

const MAX_PENDING = 100_000;
/** Store reads are at least this many times their own duration apart: at most a fifth of the time is spent reading. */
const READS_APART = 5;
const MAX_DERIVED = 1000;
const keyOf = (kind: string, term: string, topic: string): string => `${kind}\u0000${term}\u0000${topic}`;

/**
 * The term rollups of each question held in memory, as the report cache holds the rollups, but
 * only for terms counted in `minCell` posts or more over all time: no window can show another,
 * and they are few (the long tail of phrases said once is most of the table). Reloaded in the
 * background once older than `maxAgeMs` (and 5 times the last reload's duration: a large store
 * is not read over and over) when the store changed; brought up to date at once by the term
 * cells of posts stored through this process. A term that reaches `minCell` posts by such posts
 * is shown at once and its older posts are read at the next reload.
 */
export class TermCache {
  private readonly entries = new Map<string, Promise<Entry>>();

  constructor(
    private readonly posts: PostStore,
    private readonly hourly: HourlyPosts,
    private readonly maxAgeMs = 5000,
    private readonly minCell = 10,
  ) {}

  /** Top and rising terms of a kind (see `topTerms`, `risingTerms`, `questionsByTopic`). */
  async terms(question: string, kind: TermKind, filter: TermsFilter, limit: number): Promise<TermsView> {
    const totals = await this.hourly(question, filter);
    return this.derive(question, `terms\u0000${kind}\u0000${limit}\u0000${JSON.stringify(filter)}`, (series) => {
      const window = termWindow(totals, filter.from, filter.to);
      if (!window) return { window: null, top: [], rising: [], ...(kind === 'question' ? { byTopic: [] } : {}) };
      const topic = filter.topic ?? '';
      const view = { window: { from: iso(window.from), to: iso(window.to) }, top: topTerms(series, kind, topic, window, limit, this.minCell), rising: risingTerms(series, totals, kind, topic, window, limit, this.minCell) };
      if (kind !== 'question') return view;
      const groups = questionsByTopic(series, window, limit, this.minCell);
      return { ...view, byTopic: filter.topic === undefined ? groups : groups.filter((g) => g.topic === filter.topic) };
    });
  }

  /**
   * Interest in one term over time, 0–100 (its share of the posts of each bucket, scaled to the
   * peak: `interestFromCounts`), with its posts in the window; empty, and posts null, when the
   * term is in fewer than `minCell` posts of the window (small cells are not shown).
   */
  async interest(question: string, kind: TermKind, term: string, bucket: 'hour' | 'day', filter: TermsFilter): Promise<{ posts: number | null; overTime: InterestPoint[] }> {
    const totals = await this.hourly(question, filter);
    return this.derive(question, `interest\u0000${kind}\u0000${term}\u0000${bucket}\u0000${JSON.stringify(filter)}`, (_all, shown) => {
      const series = shown.get(keyOf(kind, term, filter.topic ?? ''));
      const window = termWindow(totals, filter.from, filter.to);
      if (!series || !window) return { posts: null, overTime: [] };
      const part = new Map([...series.hours].filter(([h]) => h >= window.from && h < window.to));
      const posts = sumHours(part, window.from, window.to);
      return posts < this.minCell ? { posts: null, overTime: [] } : { posts, overTime: interestFromCounts(part, totals, bucket, this.minCell) };
    });
  }

  /** Hype alerts of hashtags and phrases in the time range (see `termHype`), newest first. */
  async hype(question: string, kinds: readonly TermKind[], filter: TermsFilter): Promise<TermHypeAlert[]> {
    const totals = await this.hourly(question, { from: filter.from, to: filter.to });
    return this.derive(question, `hype\u0000${kinds.join()}\u0000${filter.from}\u0000${filter.to}`, (series) => {
      const span = termWindow(totals, filter.from, filter.to);
      return span ? termHype(series, kinds, span) : [];
    });
  }

  /**
   * Adds the term cells of posts this process just stored (as `termParamsOf` gives them), when
   * the cached terms were read before those posts were stored (`marks.before`); else reads again.
   */
  async add(question: string, params: readonly TermParams[], marks: StoredMarks): Promise<void> {
    if (!this.entries.has(question)) return;
    const entry = await this.entry(question);
    if (entry.mark !== marks.before) {
      // Read again in the background; reads meanwhile get the terms as they were.
      entry.mark = '';
      revalidateInBackground(entry, () => this.revalidate(question, entry));
      return;
    }
    let stale = false;
    for (const [, kind, term, topic, hour, posts] of params) {
      const key = keyOf(kind, term, topic);
      const shown = entry.shown.get(key);
      if (shown) {
        shown.hours.set(hour, (shown.hours.get(hour) ?? 0) + posts);
        continue;
      }
      const pending = entry.pending.get(key) ?? entry.pending.set(key, { kind: kind as TermKind, term, topic, hours: new Map() }).get(key)!;
      pending.hours.set(hour, (pending.hours.get(hour) ?? 0) + posts);
      if (sumHours(pending.hours, -Infinity, Infinity) < this.minCell) continue;
      entry.shown.set(key, pending);
      entry.pending.delete(key);
      stale = true;
    }
    if (entry.pending.size > MAX_PENDING) {
      entry.pending.clear();
      stale = true;
    }
    // A term shown only now may have older posts in the store (or pending counts were dropped): read it all again at the next check.
    entry.mark = stale ? '' : marks.after;
    entry.list = null;
    entry.derived = new Map();
  }

  /** Reads a question's term rollups from the store again now. */
  async refresh(question: string): Promise<void> {
    if (!this.entries.has(question)) return;
    Object.assign(await this.entry(question), await this.reload(question));
  }

  /** Forgets what was derived from a question's totals (the report cache calls this when they change). */
  invalidate(question: string): void {
    void this.entries.get(question)?.then((e) => (e.derived = new Map())).catch(() => undefined);
  }

  /** What `fn` makes of a question's shown series as they stand; kept under `key` until they change. */
  private async derive<T>(question: string, key: string, fn: (series: readonly TermSeries[], shown: ReadonlyMap<string, TermSeries>) => T): Promise<T> {
    const entry = await this.current(question);
    if (entry.derived.has(key)) return entry.derived.get(key) as T;
    const value = fn((entry.list ??= [...entry.shown.values()]), entry.shown);
    if (entry.derived.size >= MAX_DERIVED) entry.derived.clear();
    entry.derived.set(key, value);
    return value;
  }

  private async current(question: string): Promise<Entry> {
    const entry = await this.entry(question);
    if (Date.now() - entry.loadedAt > Math.max(this.maxAgeMs, READS_APART * entry.loadMs)) revalidateInBackground(entry, () => this.revalidate(question, entry));
    return entry;
  }

  private entry(question: string): Promise<Entry> {
    return loadOnce(this.entries, question, () => this.reload(question));
  }

  /** Reads the term rollups again if they changed since they were read (see `stillCurrent`). */
  private async revalidate(question: string, entry: Entry): Promise<void> {
    if (await stillCurrent(this.posts, question, entry, () => entry.posts)) return;
    Object.assign(entry, await this.reload(question));
  }

  private async reload(question: string): Promise<Entry> {
    const started = Date.now();
    const mark = await this.posts.changeMark();
    const posts = await this.posts.questionPosts(question);
    const shown = new Map<string, Series>();
    for (const c of await readShownTerms(this.posts.db, question, this.minCell)) {
      const key = keyOf(c.kind, c.term, c.topic);
      const s = shown.get(key) ?? shown.set(key, { kind: c.kind, term: c.term, topic: c.topic, hours: new Map() }).get(key)!;
      s.hours.set(c.hour, c.posts);
    }
    return { shown, pending: new Map(), list: null, mark, loadedAt: started, loadMs: Date.now() - started, derived: new Map(), refreshing: null, posts };
  }
}

const iso = (t: number): string => new Date(t).toISOString();
