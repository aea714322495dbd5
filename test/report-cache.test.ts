import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../src/listen/demo';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import { reportFromStore } from '../src/listen/report/build';
import { ReportCache } from '../src/listen/report/cache';
import { LiveIngest } from '../src/listen/live';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';

const question = await loadQuestion('brexit');
const classify = { question, modelPath: builtinModelPath('brexit') };
const same = (a: object, b: object): void => expect(JSON.stringify(a)).toBe(JSON.stringify(b));

describe('ReportCache', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('serves what the store reports, filtered, and catches up with posts stored elsewhere once its state is old', async () => {
    t = await openTestApp(backends()[0]!);
    const demo = await writeDemoFiles(join(t.dir, 'demo'), 1200, 3);
    await t.ingest([demo.files[0]!], {}, classify);
    const cache = new ReportCache(t.posts, 1000);
    const now = Date.now();
    same(await cache.report(question, {}, now), await reportFromStore(t.posts, question));
    same(await cache.report(question, { country: 'GB', topic: 'economy' }, now), await reportFromStore(t.posts, question, { country: 'GB', topic: 'economy' }));
    const before = await reportFromStore(t.posts, question);
    await t.ingest([...demo.files], {}, classify);
    // Young state: still the old report, served at once.
    same(await cache.report(question, {}, now + 10), before);
    // Old state: the old report once more, while the store is read again in the background.
    const updated = new Promise((resolve) => cache.once('updated', resolve));
    same(await cache.report(question, {}, now + 5000), before);
    await updated;
    same(await cache.report(question, {}, now + 5001), await reportFromStore(t.posts, question));
  });

  it('adds live posts once: not again when a reload already read them, on SQLite and PostgreSQL', async () => {
    for (const backend of backends()) {
      const app = await openTestApp(backend);
      try {
        const live = await LiveIngest.open(app.posts, app.app.pseudonymiser, question, builtinModelPath('brexit'));
        const cache = new ReportCache(app.posts, 60_000);
        await cache.report(question);
        await cache.terms.terms(question.id, 'hashtag', {}, 10);
        const events: Parameters<typeof cache.add>[] = [];
        live.on('stored', (q, cells, terms, marks) => events.push([q, cells!, terms!, marks]));
        const batch = (from: number) => Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `l${from + i}`, text: 'Vote leave, take back control #VoteLeave', created_at: '2016-06-20T10:00:00Z', lang: 'en' })).join('\n');
        // The cache ends up equal to the store. When nothing else wrote in between, the posts are
        // added to what was read before them; on PostgreSQL the change mark is the cluster's, and
        // other tests writing to the same server at that moment make the cache read again in the
        // background instead, so the report is awaited, not read once. Cells added twice would
        // never settle: nothing reads the store again within the cache's minute.
        const settles = async (expected: object): Promise<void> => {
          await expect.poll(async () => JSON.stringify(await cache.report(question)), { timeout: 10_000 }).toBe(JSON.stringify(expected));
        };
        await live.ingest(Buffer.from(batch(0)));
        await cache.add(...events.shift()!);
        await settles(await reportFromStore(app.posts, question));
        // A reload that read the store after the commit, before the cells came: they are not added twice.
        await live.ingest(Buffer.from(batch(100)));
        await cache.refresh(question.id);
        await cache.add(...events.shift()!);
        const stored = await reportFromStore(app.posts, question);
        expect(stored.posts).toBe(60);
        await settles(stored);
        expect((await cache.terms.terms(question.id, 'hashtag', {}, 10)).top).toEqual([{ term: 'voteleave', posts: 60, index: 100 }]);
      } finally {
        await app.close();
      }
    }
  });
});
