import { rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { BIN, parseJson, run } from '../ingest/run';
import type { Bench } from './bench';
import { ENV } from './bench';

export interface BaselineResult {
  readonly posts: number;
  /** The command's own measure (reading to the last commit). */
  readonly elapsedMs: number;
  readonly postsPerSecond: number;
  /** From spawn to exit, as the workers are timed. */
  readonly wallMs: number;
  readonly wallPostsPerSecond: number;
  readonly peakRssMb: number;
  /** Rows in posts, and the rollups' posts over topic '' (every post once). */
  readonly store: { readonly posts: number; readonly rollupPosts: number };
  readonly exact: boolean;
}

function counts(db: string): { posts: number; rollupPosts: number } {
  const handle = new SQLite(db, { readonly: true, fileMustExist: true });
  try {
    const one = (q: string): number => Number(Object.values(handle.prepare(q).get() as object)[0] ?? 0);
    return { posts: one('SELECT count(*) FROM posts'), rollupPosts: one(`SELECT coalesce(sum(posts), 0) FROM listen_rollups WHERE topic = ''`) };
  } finally {
    handle.close();
  }
}

/** The in-process pipeline of #3: `listen ingest` classified (question brexit) into SQLite, one process. */
export async function baseline(b: Bench): Promise<BaselineResult> {
  const db = join(b.dir, 'scale-base.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
  const r = await run(BIN, ['--db', db, '--data-dir', b.dir, 'listen', 'ingest', b.corpus, '--json', '--no-progress'], ENV);
  const s = parseJson<{ stored: number; elapsedMs: number; postsPerSecond: number; peakRssMb: number }>(r, 'baseline ingest');
  const store = counts(db);
  return {
    posts: s.stored,
    elapsedMs: s.elapsedMs,
    postsPerSecond: s.postsPerSecond,
    wallMs: r.wallMs,
    wallPostsPerSecond: Math.round((s.stored * 1000) / r.wallMs),
    peakRssMb: s.peakRssMb,
    store,
    exact: s.stored === b.posts && store.posts === b.posts && store.rollupPosts === b.posts,
  };
}
