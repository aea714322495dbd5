import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, RecordError } from '../../core/errors';
import type { Classification } from '../classify';
import type { Post } from '../post';
import type { PostClassifier } from '../stage/stage';
import type { PostStore } from '../store';
import type { DecodedEntry } from './codec';
import { decodeEntry, keyOf } from './codec';
import { commitFailure } from './db-errors';

/** A stream entry as XREADGROUP or XCLAIM returns it; fields are null when the entry is gone. */
export type RawEntry = [id: string, fields: string[] | null];

/** What became of a batch of entries: those committed (to acknowledge) and those that failed, with why. */
export interface BatchOutcome {
  readonly committed: DecodedEntry[];
  readonly failed: { readonly id: string; readonly error: string }[];
  readonly stored: number;
  /**
   * Set when the store is bound to no key yet, no entry of the batch could be processed, and some
   * carry another key than the worker's: nothing shows the worker's key to be the producers', so
   * the worker is taken to be misconfigured. The key those entries carry; nothing was committed
   * or failed.
   */
  readonly foreignKey?: string;
}

export interface BatchDeps {
  readonly posts: PostStore;
  readonly classify: PostClassifier;
  readonly question: string;
  readonly keyFingerprint: string;
  /** True when the store is bound to the worker's key (it was at start, or the worker bound it since). */
  readonly keyBound: () => boolean;
  /** Binds the store to the worker's key, before the first commit into a store bound to none (a ConfigError if another key got there first). */
  readonly bindKey: () => Promise<void>;
  /** True once the worker is asked to stop: a batch waiting for the database gives up (unacknowledged). */
  readonly stopping: () => boolean;
  readonly onWait: (why: string) => void;
}

interface Ready {
  readonly entry: DecodedEntry;
  readonly classes: Classification[];
}

/**
 * Decodes and classifies each entry (an entry that cannot be is failed, alone), then commits the
 * rest in one transaction: posts, classifications, rollups. A refused commit is retried entry
 * by entry, so one bad entry never holds back the others. Into a store bound to no key yet, a
 * batch whose entries all carry another key is neither committed nor failed (see `foreignKey`).
 */
export async function processEntries(entries: readonly RawEntry[], deps: BatchDeps): Promise<BatchOutcome> {
  const failed: { id: string; error: string }[] = [];
  const ready: Ready[] = [];
  const foreign: string[] = [];
  for (const [id, fields] of entries) {
    try {
      if (!fields) throw new RecordError(`entry ${id}: removed from the stream before it was processed`);
      const entry = decodeEntry(id, fields, deps.keyFingerprint);
      ready.push({ entry, classes: await deps.classify(entry.posts) });
    } catch (error) {
      failed.push({ id, error: (error as Error).message });
      const key = fields ? keyOf(fields) : undefined;
      if (key !== undefined && key !== deps.keyFingerprint) foreign.push(key);
    }
  }
  if (foreign.length > 0 && ready.length === 0 && !deps.keyBound()) return { committed: [], failed: [], stored: 0, foreignKey: foreign[0]! };
  const outcome = await commit(ready, deps);
  return { committed: outcome.committed, failed: [...failed, ...outcome.failed], stored: outcome.stored };
}

async function commit(ready: readonly Ready[], deps: BatchDeps): Promise<BatchOutcome> {
  if (ready.length === 0) return { committed: [], failed: [], stored: 0 };
  const { posts, classes } = ordered(ready);
  for (let attempt = 0; ; attempt++) {
    try {
      if (!deps.keyBound()) await deps.bindKey();
      const stored = await deps.posts.insertBatch(posts, { question: deps.question, items: classes }, null);
      return { committed: ready.map((r) => r.entry), failed: [], stored };
    } catch (error) {
      // The store was bound to another key meanwhile: this worker's key is not the store's.
      if (error instanceof ConfigError) throw error;
      const kind = commitFailure(error);
      if (kind === 'entry') return ready.length > 1 ? oneByOne(ready, deps) : { committed: [], failed: [{ id: ready[0]!.entry.id, error: `entry ${ready[0]!.entry.id}: refused by the store: ${(error as Error).message}` }], stored: 0 };
      if (deps.stopping() && kind === 'wait') return { committed: [], failed: [], stored: 0 };
      if (kind === 'wait' && attempt === 0) deps.onWait(`store unavailable (${(error as Error).message}); retrying`);
      await sleep(kind === 'again' ? 10 * (attempt + 1) : Math.min(200 * 2 ** attempt, 5000));
    }
  }
}

async function oneByOne(ready: readonly Ready[], deps: BatchDeps): Promise<BatchOutcome> {
  const outcomes: BatchOutcome[] = [];
  for (const r of ready) outcomes.push(await commit([r], deps));
  return { committed: outcomes.flatMap((o) => o.committed), failed: outcomes.flatMap((o) => o.failed), stored: outcomes.reduce((s, o) => s + o.stored, 0) };
}

/**
 * The posts of the batch (with their classifications) in (platform, id) order: workers that
 * hold the same post, delivered twice, then lock it in the same order and cannot deadlock.
 */
function ordered(ready: readonly Ready[]): { posts: Post[]; classes: Classification[] } {
  const pairs: [Post, Classification][] = [];
  for (const r of ready) r.entry.posts.forEach((p, i) => pairs.push([p, r.classes[i]!]));
  pairs.sort(([a], [b]) => (a.platform === b.platform ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.platform < b.platform ? -1 : 1));
  return { posts: pairs.map(([p]) => p), classes: pairs.map(([, c]) => c) };
}
