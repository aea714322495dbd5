import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../src/listen/demo';
import { LiveIngest } from '../src/listen/live';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { recountedTerms, storedTerms } from './support/terms';

const question = await loadQuestion('brexit');
const classify = { question, modelPath: builtinModelPath('brexit') };

const line = (id: string, text: string, at: string): string => JSON.stringify({ id, text, created_at: at, lang: 'en' });
const many = (n: number, tag: string, text: string, at: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => line(`${tag}-${i}`, text, at(i)));

/**
 * Waits until `check` passes: live posts reach the caches just after the POST answers, and a
 * background reload that raced the POST may hide them until the next one (within seconds).
 */
async function eventually(check: () => Promise<void>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

type TermsAnswer = { kind: string; minPosts: number; window: { from: string; to: string } | null; top: { term: string; posts: number; index: number }[]; rising: { term: string; posts: number; growth: number | 'breakout' }[]; byTopic?: { topic: string; questions: { term: string; posts: number }[] }[] };

describe.each(backends())('term rollups on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('count what a recount of the posts gives, nothing twice, live posts at once, never a small cell, and hype on a burst', async () => {
    t = await openTestApp(backend);
    const demo = await writeDemoFiles(join(t.dir, 'demo'), 2000, 5);
    await t.ingest([...demo.files], {}, classify);
    const stored = await storedTerms(t.posts, 'brexit');
    expect(Object.keys(stored).length).toBeGreaterThan(100);
    expect(Object.keys(stored).some((k) => k.includes('\tquestion\t'))).toBe(true);
    expect(stored).toEqual(await recountedTerms(t.posts, 'brexit'));
    // The same posts again, in other batches: nothing is counted twice.
    await t.ingest([demo.files[0]!], { batchSize: 7 }, classify);
    expect(await storedTerms(t.posts, 'brexit')).toEqual(stored);

    const users = new UserStore(t.app.store);
    await users.add('ana', 'analyst', 'a long enough password');
    const headers = { authorization: `Bearer ${await users.issueToken('ana', 'tests')}` };
    const live = await LiveIngest.open(t.posts, t.app.pseudonymiser, question, null);
    const api = createServerApp({ users, posts: t.posts, questions: new Map([[question.id, question]]), live, secureCookies: false, version: 'test' });
    const get = async <T>(path: string): Promise<T> => (await api.request(path, { headers })).json() as Promise<T>;
    const before = await get<TermsAnswer>('/api/listen/terms?kind=hashtag&limit=100');
    expect(before.top.length).toBeGreaterThan(3);
    expect(before.top[0]!.index).toBe(100);
    expect(before.top.every((x) => x.posts >= 10)).toBe(true);
    const questions = await get<TermsAnswer>('/api/listen/terms?kind=question');
    expect(questions.top.length).toBeGreaterThan(0);
    expect(questions.byTopic!.length).toBeGreaterThan(0);

    // Live: a hashtag in 12 posts shows at once; one in 9 posts never does.
    const at = (h: number) => (i: number) => new Date(Date.UTC(2016, 5, 20, h, i % 60)).toISOString();
    const batch = [...many(12, 'new', 'Twelve say so #NewTag', at(9)), ...many(9, 'few', 'Nine say so #FewTag', at(9))].join('\n');
    const post = async (body: string) => (await api.request('/api/listen/posts', { method: 'POST', headers, body })).json() as Promise<{ stored: number }>;
    expect(await post(batch)).toMatchObject({ stored: 21 });
    await eventually(async () => expect((await get<TermsAnswer>('/api/listen/terms?kind=hashtag&limit=100')).top).toContainEqual(expect.objectContaining({ term: 'newtag', posts: 12 })));
    const after = await get<TermsAnswer>('/api/listen/terms?kind=hashtag&limit=100');
    expect(after.top.map((x) => x.term)).not.toContain('fewtag');
    expect(after.rising.map((x) => x.term)).not.toContain('fewtag');
    expect(await get('/api/listen/trends?term=FewTag&kind=hashtag')).toMatchObject({ posts: null, overTime: [] });
    // The same batch again adds nothing; the store still equals a recount.
    expect(await post(batch)).toMatchObject({ stored: 0 });
    expect(await storedTerms(t.posts, 'brexit')).toEqual(await recountedTerms(t.posts, 'brexit'));

    // A burst of a hashtag never seen before: a hype alert with its start, peak and size.
    expect(await post(many(80, 'surge', 'Everyone at once #Surge', at(14)).join('\n'))).toMatchObject({ stored: 80 });
    await eventually(async () => {
      const hype = await get<{ alerts: { kind: string; term?: string; start: string; peakCount: number }[] }>('/api/listen/hype?kind=hashtag');
      expect(hype.alerts).toContainEqual(expect.objectContaining({ kind: 'hashtag', term: 'surge', start: '2016-06-20T14:00:00.000Z', peakCount: 80 }));
    });
    const all = await get<{ alerts: { kind: string }[] }>('/api/listen/hype');
    expect(new Set(all.alerts.map((a) => a.kind))).toContain('hashtag');
    await eventually(async () => {
      const trend = await get<{ term: string; posts: number; overTime: { t: number; index: number | null }[] }>('/api/listen/trends?term=%23Surge&kind=hashtag&bucket=hour');
      expect(trend).toMatchObject({ term: 'surge', posts: 80 });
      expect(trend.overTime.find((p) => p.index === 100)?.t).toBe(Date.UTC(2016, 5, 20, 14));
    });

    // Filters the term rollups cannot honour are refused, not ignored.
    const refused = await api.request('/api/listen/terms?kind=hashtag&country=GB', { headers });
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/^query country: hashtags are not counted by country/)]);
    expect((await api.request('/api/listen/terms?kind=phrase&topic=economy', { headers })).status).toBe(400);
    expect((await api.request('/api/listen/hype?kind=phrase&lang=en', { headers })).status).toBe(400);
    expect((await api.request('/api/listen/trends?term=brexit&stance=neutral', { headers })).status).toBe(400);
  });
});
