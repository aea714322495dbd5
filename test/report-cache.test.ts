import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../src/listen/demo';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import { reportFromStore } from '../src/listen/report/build';
import { ReportCache } from '../src/listen/report/cache';
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
});
