import type { ReportFilter } from '../report/filter';
import type { PostStore } from '../store';
import type { AudienceReport } from './breakdown';
import { audienceReport } from './breakdown';

const MAX_ENTRIES = 500;
/** A breakdown is computed again at most once per this many times its last computation took. */
const SPACING = 5;

interface Entry {
  mark: string;
  value: AudienceReport;
  computedAt: number;
  tookMs: number;
  refreshing: Promise<void> | null;
}

/**
 * Audience reports, computed from the store (they need distinct authors, which rollups cannot add
 * up). A report is kept until the store changes; after a change, the previous one is served while
 * the next is computed in the background, and no more often than every `SPACING` × its cost, so
 * that a store fed live is not read in full at each batch.
 */
export class AudienceCache {
  private readonly entries = new Map<string, Entry>();
  /** First computations under way, so that concurrent first requests share one. */
  private readonly first = new Map<string, Promise<Entry>>();

  constructor(private readonly posts: PostStore) {}

  async report(question: string, sides: readonly [string, string], filter: ReportFilter): Promise<AudienceReport> {
    const key = `${question}\u0000${JSON.stringify(filter)}`;
    const mark = await this.posts.changeMark();
    const hit = this.entries.get(key);
    if (!hit) {
      let pending = this.first.get(key);
      if (!pending) {
        pending = this.compute(question, sides, filter, mark).finally(() => this.first.delete(key));
        this.first.set(key, pending);
      }
      const fresh = await pending;
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, fresh);
      return fresh.value;
    }
    const due = hit.mark !== mark && !hit.refreshing && Date.now() - hit.computedAt >= SPACING * hit.tookMs;
    if (due) {
      hit.refreshing = this.compute(question, sides, filter, mark).then(
        (fresh) => void Object.assign(hit, fresh),
        () => void (hit.refreshing = null),
      );
    }
    return hit.value;
  }

  private async compute(question: string, sides: readonly [string, string], filter: ReportFilter, mark: string): Promise<Entry> {
    const started = Date.now();
    const value = await audienceReport(this.posts, question, sides, filter);
    return { mark, value, computedAt: Date.now(), tookMs: Date.now() - started, refreshing: null };
  }
}
