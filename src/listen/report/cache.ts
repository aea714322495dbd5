import { EventEmitter } from 'node:events';
import type { Question } from '../questions';
import type { RollupCell } from '../rollup/cells';
import { cellFromParams, cellParams } from '../rollup/cells';
import type { CellParams } from '../rollup/sum.mjs';
import { addCells } from '../rollup/sum.mjs';
import { loadOnce, revalidateInBackground, stillCurrent } from '../rollup/freshness';
import type { StoredMarks } from '../live';
import type { PostStore } from '../store';
import type { TermKind } from '../terms/cells';
import { TermCache } from '../terms/cache';
import type { TermHypeAlert } from '../terms/hype';
import type { TermParams } from '../terms/sum.mjs';
import type { InterestPoint, RegionInterest, TopicHypeAlert } from '../trends';
import { interestByRegion, interestOverTime, topicHype } from '../trends';
import type { Report } from './aggregate';
import { MIN_CELL, ReportBuilder } from './aggregate';
import type { ReportFilter } from './filter';
import { filterCells } from './filter';

interface Entry {
  cells: Map<string, CellParams>;
  /** The cells as report cells, made once per state of `cells`. */
  list: RollupCell[] | null;
  /** The store's change mark when the cells were read (see `PostStore.changeMark`). */
  mark: string;
  loadedAt: number;
  /** Reports, trends and hype of this state of the cells, by what and filter. */
  derived: Map<string, unknown>;
  refreshing: Promise<void> | null;
}

const MAX_DERIVED = 1000;

/** What a hype alert is about: a topic of the question, or a hashtag or phrase of its posts. */
export type HypeKind = 'topic' | Exclude<TermKind, 'question'>;
export const HYPE_KINDS: readonly HypeKind[] = ['topic', 'hashtag', 'phrase'];
export type AnyHypeAlert = TopicHypeAlert | TermHypeAlert;

/**
 * The rollups of each question held in memory, so that reports are served without reading the
 * store each time: a report of 1.5 M posts reads ~200,000 rollup rows, too slow to do per
 * request. Reloaded in the background once older than `maxAgeMs` (requests meanwhile get the
 * previous state: stale by at most that, never slow), and brought up to date at once by the
 * cells of posts stored through this process; a store that did not change is not read again.
 * Emits `updated` when a question's cells change.
 */
export class ReportCache extends EventEmitter<{ updated: [question: string] }> {
  private readonly entries = new Map<string, Promise<Entry>>();
  /** The term rollups (hashtags, phrases, questions), held beside these and kept in step. */
  readonly terms: TermCache;

  constructor(
    private readonly posts: PostStore,
    private readonly maxAgeMs = 5000,
  ) {
    super();
    this.terms = new TermCache(posts, (question, filter) => this.hourlyPosts(question, filter), maxAgeMs, MIN_CELL);
    // Term shares are read against these rollups' totals: what was derived from old totals goes.
    this.on('updated', (question) => this.terms.invalidate(question));
  }

  async report(question: Question, filter: ReportFilter = {}, now = Date.now()): Promise<Report> {
    return this.derive(question.id, 'report', filter, (cells) => {
      const builder = new ReportBuilder(question.id, question.sides);
      for (const c of cells) builder.addCell(c);
      return builder.result();
    }, now);
  }

  /** Interest in a topic over time and by country (see `interestOverTime`, `interestByRegion`). */
  trends(question: string, topic: string, bucket: 'hour' | 'day', filter: ReportFilter = {}): Promise<{ overTime: InterestPoint[]; byRegion: RegionInterest[] }> {
    return this.derive(question, `trends\u0000${topic}\u0000${bucket}`, filter, (cells) => ({ overTime: interestOverTime(cells, topic, bucket, MIN_CELL), byRegion: interestByRegion(cells, topic, MIN_CELL) }));
  }

  /**
   * Hype alerts of the kinds asked, newest first: topics (see `topicHype`), hashtags and phrases
   * (see `termHype`). Term rollups hold no country, language or stance: under such a filter
   * only topic alerts are given.
   */
  async hype(question: string, filter: ReportFilter = {}, kinds: readonly HypeKind[] = HYPE_KINDS): Promise<AnyHypeAlert[]> {
    const topics = kinds.includes('topic') ? await this.derive(question, 'hype', filter, (cells) => topicHype(cells)) : [];
    const termKinds = kinds.filter((k): k is Exclude<HypeKind, 'topic'> => k !== 'topic');
    const narrowed = filter.country !== undefined || filter.lang !== undefined || filter.stance !== undefined || filter.topic !== undefined;
    if (termKinds.length === 0 || narrowed) return topics;
    const terms = await this.terms.hype(question, termKinds, { from: filter.from, to: filter.to });
    return [...topics, ...terms].sort((a, b) => b.start.localeCompare(a.start));
  }

  /** Posts by hour (each post once; under a topic filter, the posts on that topic), filtered. */
  hourlyPosts(question: string, filter: ReportFilter = {}): Promise<ReadonlyMap<number, number>> {
    return this.derive(question, 'hourly', filter, (cells) => {
      const hours = new Map<number, number>();
      for (const c of cells) if (c.topic === '') hours.set(c.hour, (hours.get(c.hour) ?? 0) + c.posts);
      return hours;
    });
  }

  /**
   * What `fn` makes of a question's rollup cells as they stand (stale by at most `maxAgeMs`),
   * narrowed by `filter`; kept, under `what` and the filter, until the cells change.
   */
  private async derive<T>(question: string, what: string, filter: ReportFilter, fn: (cells: readonly RollupCell[]) => T, now = Date.now()): Promise<T> {
    const entry = await this.current(question, now);
    const key = `${what}\u0000${JSON.stringify(filter)}`;
    if (entry.derived.has(key)) return entry.derived.get(key) as T;
    const value = fn(filterCells(listOf(entry), filter));
    if (entry.derived.size >= MAX_DERIVED) entry.derived.clear();
    entry.derived.set(key, value);
    return value;
  }

  /** A question's entry, its reload in the background started if it is old. */
  private async current(question: string, now: number): Promise<Entry> {
    const entry = await this.entry(question);
    if (now - entry.loadedAt > this.maxAgeMs) revalidateInBackground(entry, () => this.revalidate(question, entry));
    return entry;
  }

  /**
   * Adds the cells of posts this process just stored (as `cellParamsOf` gives them) to a
   * question's cached rollups, and their term cells (`termParamsOf`) to the term cache —
   * only when the cached cells were read at `marks.before` (before those posts were stored):
   * cells read later may hold them already, and are then read again instead of added to twice.
   * The mark after the commit is kept, so that this commit does not make the next check read
   * everything again (a commit by another process in the same instant is seen with its next change).
   */
  async add(question: string, cells: readonly CellParams[], terms: readonly TermParams[], marks: StoredMarks): Promise<void> {
    if (this.entries.has(question)) {
      const entry = await this.entry(question);
      if (entry.mark === marks.before) {
        entry.mark = marks.after;
        addCells(entry.cells, cells);
        entry.list = null;
        entry.derived = new Map();
        this.emit('updated', question);
      } else {
        // Read again in the background (the swap then says `updated`); the POST does not wait for it.
        entry.mark = '';
        revalidateInBackground(entry, () => this.revalidate(question, entry));
      }
    }
    // The report first: live views wait for it, not for the terms.
    await this.terms.add(question, terms, marks);
  }

  /** Reloads a question's rollups from the store now (after posts were stored some other way). */
  async refresh(question: string): Promise<void> {
    await this.terms.refresh(question);
    if (!this.entries.has(question)) return;
    const entry = await this.entry(question);
    this.swap(question, entry, await this.reload(question));
  }

  private entry(question: string): Promise<Entry> {
    return loadOnce(this.entries, question, () => this.reload(question));
  }

  /** Reads the store again if the question's rollups changed since the cells were read (see `stillCurrent`). */
  private async revalidate(question: string, entry: Entry): Promise<void> {
    if (await stillCurrent(this.posts, question, entry, () => postsOf(entry))) return;
    this.swap(question, entry, await this.reload(question));
  }

  private async reload(question: string): Promise<Entry> {
    const loadedAt = Date.now();
    const mark = await this.posts.changeMark();
    const cells = new Map<string, CellParams>();
    for await (const c of this.posts.rollups(question)) addCells(cells, [cellParams(question, c)]);
    return { cells, list: null, mark, loadedAt, derived: new Map(), refreshing: null };
  }

  private swap(question: string, old: Entry, fresh: Entry): void {
    Object.assign(old, fresh);
    this.emit('updated', question);
  }
}

/** The posts the cached cells count (each post once, in its topic '' cell). */
function postsOf(entry: Entry): number {
  let n = 0;
  for (const c of entry.cells.values()) if (c[5] === '') n += c[6];
  return n;
}

function listOf(entry: Entry): readonly RollupCell[] {
  return (entry.list ??= [...entry.cells.values()].map(cellFromParams));
}
