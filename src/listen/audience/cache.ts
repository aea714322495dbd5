import type { ReportFilter } from '../report/filter';
import type { PostStore } from '../store';
import type { AudienceReport } from './breakdown';
import { audienceReport } from './breakdown';

const MAX_ENTRIES = 500;

/**
 * Audience reports, computed from the store once per state of it (its change mark) and filter:
 * they need distinct authors, which rollups cannot add up, so they are read from the posts.
 */
export class AudienceCache {
  private readonly entries = new Map<string, { mark: string; value: Promise<AudienceReport> }>();

  constructor(private readonly posts: PostStore) {}

  async report(question: string, sides: readonly [string, string], filter: ReportFilter): Promise<AudienceReport> {
    const key = `${question}\u0000${JSON.stringify(filter)}`;
    const mark = await this.posts.changeMark();
    const hit = this.entries.get(key);
    if (hit && hit.mark === mark) return hit.value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = audienceReport(this.posts, question, sides, filter);
    this.entries.set(key, { mark, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
