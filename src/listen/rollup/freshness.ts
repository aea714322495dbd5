import type { PostStore } from '../store';

/** What a cache of a question's rollups keeps about its last read of the store. */
export interface Freshness {
  /** The store's change mark when read ('' to read again at the next check). */
  mark: string;
  loadedAt: number;
  /** The check (or read) under way, if any. */
  refreshing: Promise<void> | null;
}

/** The entry of `key`, loaded once; a failed load is forgotten, so that the next call tries again. */
export function loadOnce<T>(entries: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let e = entries.get(key);
  if (!e) {
    e = load();
    entries.set(key, e);
    e.catch(() => entries.delete(key));
  }
  return e;
}

/** Starts `revalidate` in the background unless a check runs already; the entry is served meanwhile. */
export function revalidateInBackground(entry: Freshness, revalidate: () => Promise<void>): void {
  entry.refreshing ??= revalidate().catch(() => void (entry.refreshing = null));
}

/**
 * Whether a cache read at `entry.mark`, counting `cachedPosts()` posts of the question, still
 * stands; if so the entry is marked checked now. The change mark moves with any write (a login, a
 * watchlist, another question); when it moved, the question's post count decides, as rollups
 * and term rollups only grow with posts. A mark of '' always reads again.
 */
export async function stillCurrent(posts: PostStore, question: string, entry: Freshness, cachedPosts: () => number): Promise<boolean> {
  const mark = await posts.changeMark();
  if (mark !== entry.mark && (entry.mark === '' || (await posts.questionPosts(question)) !== cachedPosts())) return false;
  entry.mark = mark;
  entry.loadedAt = Date.now();
  entry.refreshing = null;
  return true;
}
