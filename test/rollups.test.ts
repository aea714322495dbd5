import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../src/listen/demo';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import { reportFromFiles, reportFromStore } from '../src/listen/report/build';
import { openClassifier } from '../src/listen/stage/stage';
import { toPost } from '../src/listen/store';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { mixedFile, tempDir } from './support/corpus';
import { recountedRollups, storedRollups } from './support/rollups';

const question = await loadQuestion('brexit');
const classify = { question, modelPath: builtinModelPath('brexit') };

describe.each(backends())('classifications and rollups on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('stores a classification with each post, and rollups equal to a recount that count each post once', async () => {
    t = await openTestApp(backend);
    const demo = await writeDemoFiles(join(t.dir, 'demo'), 3000, 5);
    const first = await t.ingest([...demo.files], {}, classify);
    const classes = await t.posts.db.selectFrom('post_classes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(classes.n)).toBe(first.stored);
    const stored = await storedRollups(t.posts, 'brexit');
    expect(stored).toEqual(await recountedRollups(t.posts, 'brexit'));
    expect(await t.posts.classified()).toEqual({ brexit: first.stored });
    // The same posts again, and again inside another file: nothing is counted twice.
    await t.ingest([...demo.files], {}, classify);
    await t.ingest([demo.files[0]!], { batchSize: 7 }, classify);
    expect(await storedRollups(t.posts, 'brexit')).toEqual(stored);
  });

  it('reports the same from the store as from the files it was filled from', async () => {
    t = await openTestApp(backend);
    const demo = await writeDemoFiles(join(t.dir, 'demo'), 2000, 9);
    await t.ingest([...demo.files], {}, classify);
    const fromStore = await reportFromStore(t.posts, question);
    const setup = { format: null, platform: 'generic', key: t.app.pseudonymiser.exportKey(), modelPath: classify.modelPath };
    const { report: fromFiles } = await reportFromFiles(demo.files, question, setup);
    expect(fromStore.posts).toBeGreaterThan(1900);
    expect(JSON.stringify(fromStore)).toBe(JSON.stringify(fromFiles));
  });

  it('counts a post once when one batch holds it twice (a batch sent again, read with the first)', async () => {
    t = await openTestApp(backend);
    const { path } = mixedFile(tempDir(), 400, 1000);
    await t.ingest([path]);
    const posts = (await t.posts.db.selectFrom('posts').selectAll().orderBy('post_id').execute()).map(toPost);
    const items = await (await openClassifier(question, classify.modelPath, t.app.pseudonymiser.exportKey()))(posts);
    await t.posts.insertBatch([...posts, ...posts], { question: 'brexit', items: [...items, ...items] }, null);
    expect(await t.posts.classified()).toEqual({ brexit: posts.length });
    expect(await storedRollups(t.posts, 'brexit')).toEqual(await recountedRollups(t.posts, 'brexit'));
    // Two copies that disagree on the time: one row on either backend (on PostgreSQL, whose
    // posts are keyed with the time, post_ids decides), the first copy's, counted once.
    const [a, b] = [{ ...posts[0]!, id: 'twice-in-time' }, { ...posts[0]!, id: 'twice-in-time', createdAt: posts[0]!.createdAt + 3_600_000 }];
    expect(await t.posts.insertBatch([a, b], { question: 'brexit', items: [items[0]!, items[0]!] }, null)).toBe(1);
    const rows = await t.posts.db.selectFrom('post_classes').select('created_at').where('post_id', '=', 'twice-in-time').execute();
    expect(rows.map((r) => Number(r.created_at))).toEqual([a.createdAt]);
    expect(await t.posts.classified()).toEqual({ brexit: posts.length + 1 });
    expect(await storedRollups(t.posts, 'brexit')).toEqual(await recountedRollups(t.posts, 'brexit'));
  });

  it('keeps posts only, with no classification, when asked', async () => {
    t = await openTestApp(backend);
    const { path } = mixedFile(tempDir(), 300, 50);
    const s = await t.ingest([path]);
    expect(s.stored).toBe(300);
    expect(await t.posts.classified()).toEqual({});
  });
});

describe('worker threads', () => {
  const opened: TestApp[] = [];
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.close();
  });

  it('store exactly what the in-process stage stores, in input order, bad lines included', async () => {
    const [backend] = backends();
    const { path, badLines } = mixedFile(tempDir(), 9000, 97);
    const dump = async (t: TestApp) => ({
      posts: await t.posts.db.selectFrom('posts').select(['platform', 'post_id', 'text', 'author']).orderBy('post_id').execute(),
      classes: await t.posts.db.selectFrom('post_classes').selectAll().orderBy('post_id').execute(),
      rollups: await storedRollups(t.posts, 'brexit'),
    });
    const results = [];
    for (const threads of [0, 2]) {
      const t = await openTestApp(backend!);
      opened.push(t);
      const s = await t.ingest([path], { threads, maxBadShown: 1000, batchSize: 1500 }, classify);
      expect(s.badShown.map((b) => b.line)).toEqual(badLines);
      results.push({ stored: s.stored, ...(await dump(t)) });
    }
    expect(results[0]!.stored).toBe(9000);
    // Same key in both stores (the test backends share it), so pseudonyms agree too.
    expect(results[1]).toEqual(results[0]);
  });
});
