import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../src/app/open';
import { MIGRATIONS } from '../src/app/open';
import { ConfigError } from '../src/core/errors';
import type { Post } from '../src/listen';
import type { RollupCell } from '../src/listen/rollup/cells';
import { migrate } from '../src/store';
import { backends } from './support/backends';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { samplePost } from './support/posts';
import { runCli } from './support/cli';
import { tempDir } from './support/corpus';

function post(id: string, createdAt = Date.UTC(2016, 5, 20)): Post {
  return samplePost({ id, createdAt, text: `post ${id}`, userLocation: 'London' });
}

describe.each(backends())('store on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('applies migrations once: a second run applies nothing and keeps the data', async () => {
    t = await openTestApp(backend);
    await t.posts.insertBatch([post('1')], null, null);
    expect(await migrate(t.app.store.db, MIGRATIONS)).toEqual([]);
    expect(await t.posts.count()).toBe(1);
    const tables = (await t.app.store.db.introspection.getTables()).map((x) => x.name);
    expect(tables).toEqual(expect.arrayContaining(['posts', 'ingest_checkpoints', 'hustings_meta', 'hustings_migrations']));
  });

  it('refuses a store migrated by a later version, naming the migrations it does not know', async () => {
    t = await openTestApp(backend);
    const db = t.app.store.db;
    await db.insertInto('hustings_migrations').values({ name: 'contacts.9999_later', timestamp: new Date().toISOString() }).execute();
    try {
      await expect(openApp(t.app.config)).rejects.toThrow(
        'this store was migrated by a later version of hustings: expected only migrations this version knows, found 1 it does not (contacts.9999_later); upgrade hustings to open it',
      );
    } finally {
      await db.deleteFrom('hustings_migrations').where('name', '=', 'contacts.9999_later').execute();
    }
    const reopened = await openApp(t.app.config);
    await reopened.close();
  });

  it('stores each (platform, id) once, counting only new posts, and round-trips every field', async () => {
    t = await openTestApp(backend);
    expect(await t.posts.insertBatch([post('1'), post('2'), post('2')], null, null)).toBe(2);
    expect(await t.posts.insertBatch([post('2'), post('3')], null, null)).toBe(1);
    expect(await t.posts.count()).toBe(3);
    const row = await t.posts.db.selectFrom('posts').selectAll().where('post_id', '=', '1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ platform: 'twitter', created_at: Date.UTC(2016, 5, 20), text: 'post 1', is_repost: 0, user_location: 'London' });
  });

  it('commits a batch and its checkpoint together, or neither', async () => {
    t = await openTestApp(backend);
    const before = { sourceKey: 'k', path: 'f', position: 10, status: 'running' as const, read: 5, stored: 1, duplicates: 1, bad: 1, skipped: 1 };
    expect(await t.posts.insertBatch([post('1'), post('2'), post('2')], null, before)).toBe(2);
    expect(await t.posts.checkpoint('k')).toEqual({ ...before, stored: 3, duplicates: 2 });
    // A checkpoint the store must refuse (no path) fails the transaction: the posts go too.
    const broken = { ...before, position: 20, path: null as unknown as string };
    await expect(t.posts.insertBatch([post('3')], null, broken)).rejects.toThrow(/null|NOT NULL/i);
    expect(await t.posts.count()).toBe(2);
    expect((await t.posts.checkpoint('k'))?.position).toBe(10);
    await t.posts.release();
  });

  it('summarises what it holds', async () => {
    t = await openTestApp(backend);
    await t.posts.insertBatch([post('1', Date.UTC(2016, 5, 9)), post('2', Date.UTC(2016, 5, 23)), { ...post('3'), platform: 'bluesky', isRepost: true }], null, null);
    expect(await t.posts.summary()).toEqual({
      posts: 3,
      reposts: 1,
      platforms: { bluesky: 1, twitter: 2 },
      firstPostAt: '2016-06-09T00:00:00.000Z',
      lastPostAt: '2016-06-23T00:00:00.000Z',
    });
  });

  it('reads the rollups of a question page after page, every cell once, in key order', async () => {
    t = await openTestApp(backend);
    const countries = ['', 'DE', 'ES', 'FR', 'GB', 'IT', 'NL'];
    const rows = Array.from({ length: 25_001 }, (_, i) => ({ question: 'q', hour: 3_600_000 * Math.floor(i / 14), country: countries[i % 7]!, lang: 'en', stance: 'neutral', topic: i % 14 < 7 ? '' : 'economy', posts: 1, score_sum: 0, sentiment_sum: 0, sentiment_n: 0 }));
    for (let i = 0; i < rows.length; i += 500) await t.posts.db.insertInto('listen_rollups').values(rows.slice(i, i + 500)).execute();
    await t.posts.db.insertInto('listen_rollups').values({ ...rows[0]!, question: 'other' }).execute();
    const cells: RollupCell[] = [];
    for await (const c of t.posts.rollups('q')) cells.push(c);
    expect(cells).toHaveLength(rows.length);
    expect(new Set(cells.map((c) => `${c.hour} ${c.country} ${c.topic}`)).size).toBe(rows.length);
    expect(cells.every((c, i) => i === 0 || cells[i - 1]!.hour <= c.hour)).toBe(true);
  });

  it('refuses a different pseudonym key than the one the store was written with', async () => {
    t = await openTestApp(backend);
    const other = { ...t.app.config, pseudonymKey: '77'.repeat(32) };
    await expect(openApp(other)).rejects.toThrow(ConfigError);
    await expect(openApp(other)).rejects.toThrow(/pseudonym key mismatch: this store was written with key [0-9a-f]{16}/);
  });
});

describe('a new SQLite store opened by several processes at once', () => {
  it('is migrated once: every process starts, none trips on the tables another made', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tempDir();
      const db = join(dir, 'race.db');
      const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_DATA_DIR: '', HUSTINGS_PSEUDONYM_KEY: '42'.repeat(32) };
      const none = join(dir, 'none.jsonl');
      writeFileSync(none, '');
      const runs = await Promise.all(Array.from({ length: 4 }, () => runCli(['--db', db, 'listen', 'ingest', none, '--json', '--no-progress'], { env })));
      expect(runs.map((r) => [r.code, r.stderr.trim()])).toEqual(Array.from({ length: 4 }, () => [0, '']));
    }
  }, 120_000);
});
