import { afterEach, describe, expect, it } from 'vitest';
import type { Post } from '../src/listen';
import type { Classification } from '../src/listen/classify';
import { arrayLiteral } from '../src/store/unnest';
import { toPost } from '../src/listen/store';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { samplePost } from './support/posts';

/** Texts that an array literal must carry as they are: quotes, backslashes, the literal's own syntax, NULL as a word, spaces, non-ASCII. */
const AWKWARD = ['say "leave"', 'C:\\path\\', '\\"', '{a,b}', 'NULL', 'null', '', '  padded  ', 'a,b', "it's", 'tab\there\nline', 'Ελλάδα 🇬🇷', '\\\\"\\'];

function classOf(p: Post, i: number): Classification {
  const cue = AWKWARD[i % AWKWARD.length]!;
  return {
    id: p.id,
    platform: p.platform,
    lang: 'en',
    country: i % 2 ? 'GB' : null,
    stance: { label: 'weak_leave', score: -0.5 + i / 100, confidence: 0.25, cues: [{ text: cue, side: 'leave', weight: 1 }] as never, model: i % 3 ? undefined : 1 / 3 },
    sentiment: { compound: i % 4 ? -0.125 : 0.1 + 0.2 },
    topics: ['economy'],
    themeSentiment: { economy: -1e-7 },
  };
}

describe.each(backends())('a batch of awkward values on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('stores every text, null and number as given', async () => {
    t = await openTestApp(backend);
    const posts = AWKWARD.map((text, i) =>
      samplePost({ id: `p"${i}\\`, text, placeName: i % 2 ? text : null, userLocation: AWKWARD[(i + 3) % AWKWARD.length]!, createdAt: Date.UTC(2016, 5, 20) + i * 1_234_567, isRepost: i % 2 === 1 }),
    );
    const classes = posts.map(classOf);
    expect(await t.posts.insertBatch(posts, { question: 'brexit', items: classes }, null)).toBe(posts.length);
    const stored = (await t.posts.db.selectFrom('posts').selectAll().execute()).map(toPost);
    const byId = new Map(stored.map((p) => [p.id, p]));
    for (const p of posts) expect(byId.get(p.id)).toEqual({ ...p, ageBand: null, gender: null });
    const rows = await t.posts.db.selectFrom('post_classes').selectAll().execute();
    const rowOf = new Map(rows.map((r) => [r.post_id, r]));
    posts.forEach((p, i) => {
      const r = rowOf.get(p.id)!;
      const c = classes[i]!;
      expect([r.country, Number(r.score), r.model === null ? null : Number(r.model), Number(r.sentiment), JSON.parse(r.cues)]).toEqual([c.country, c.stance.score, c.stance.model ?? null, c.sentiment.compound, c.stance.cues]);
      expect(JSON.parse(r.theme_sentiment)).toEqual(c.themeSentiment);
    });
  });
});

describe('arrayLiteral', () => {
  it('quotes strings, escaping only quotes and backslashes, and writes numbers and NULL bare', () => {
    const rows = [['a"b'], ['c\\d'], [null], [undefined], [3.5], [-0], ['NULL'], ['']];
    expect(arrayLiteral(rows, 0)).toBe('{"a\\"b","c\\\\d",NULL,NULL,3.5,0,"NULL",""}');
    expect(arrayLiteral([], 0)).toBe('{}');
    expect(() => arrayLiteral([['a'], [new Date(0)]], 0)).toThrow(/expected a string, a number or null in column 0 of row 1, found object/);
  });
});
