import { describe, expect, it } from 'vitest';
import type { Classification } from '../classify';
import { ReportBuilder, sideShareHidden } from './aggregate';

function c(label: string, score: number, extra: Partial<Classification> = {}): Classification {
  return {
    id: 'x',
    platform: 'twitter',
    lang: 'en',
    country: 'GB',
    stance: { label, score, confidence: 1, cues: [] },
    sentiment: { compound: 0 },
    topics: [],
    themeSentiment: {},
    ...extra,
  };
}

describe('ReportBuilder', () => {
  it('leaves neutral posts out of the shares and gives Wilson intervals', () => {
    const b = new ReportBuilder('brexit', ['leave', 'remain']);
    for (let i = 0; i < 62; i++) b.add(0, c('strong_remain', 0.9));
    for (let i = 0; i < 38; i++) b.add(0, c('weak_leave', -0.5));
    for (let i = 0; i < 50; i++) b.add(0, c('neutral', 0));
    const r = b.result();
    expect(r).toMatchObject({ posts: 150, decided: 100, share: { remain: 0.62, leave: 0.38 } });
    expect(r.ci95.remain![0]).toBeCloseTo(0.522, 2);
    expect(r.ci95.remain![1]).toBeCloseTo(0.709, 2);
    expect(r.averageStrength).toBeCloseTo((62 * 0.9 - 38 * 0.5) / 100, 4);
  });

  it('breaks activity down by country among located posts, merging small cells into "other"', () => {
    const b = new ReportBuilder('brexit', ['leave', 'remain']);
    for (let i = 0; i < 30; i++) b.add(0, c('strong_remain', 0.9, { country: 'GB' }));
    for (let i = 0; i < 10; i++) b.add(0, c('neutral', 0, { country: 'NL' }));
    for (let i = 0; i < 3; i++) b.add(0, c('neutral', 0, { country: 'MT' }));
    for (let i = 0; i < 7; i++) b.add(0, c('neutral', 0, { country: null }));
    const byCountry = b.result().byCountry;
    expect(byCountry.map((x) => [x.key, x.posts, x.shareOfActivity])).toEqual([
      ['GB', 30, 0.6977],
      ['NL', 10, 0.2326],
      ['unknown', 7, 0],
      ['other', 3, 0.0698],
    ]);
    expect(byCountry[0]!.shareB).toBe(1);
    expect(byCountry[1]!.shareB).toBeNull();
  });

  it('gives no share where it would rest on a few posts: a small day, the unknown country, a report with no decided post', () => {
    const b = new ReportBuilder('brexit', ['leave', 'remain']);
    for (let i = 0; i < 12; i++) b.add(Date.UTC(2016, 5, 20, 10), c('strong_remain', 0.9));
    for (let i = 0; i < 3; i++) b.add(Date.UTC(2016, 5, 21, 10), c('weak_leave', -0.5, { country: null }));
    const r = b.result();
    // The small day is hidden, and so is the other: the overall share less the big day's would give the small day's lean.
    expect(r.byDay.map((d) => [d.key, d.posts, d.decided, d.shareB])).toEqual([
      ['2016-06-20', 12, 12, null],
      ['2016-06-21', 3, 3, null],
    ]);
    expect(r.byCountry.find((x) => x.key === 'unknown')).toMatchObject({ posts: 3, shareB: null, ci95B: null });
    const none = new ReportBuilder('brexit', ['leave', 'remain']);
    none.add(0, c('neutral', 0));
    expect(none.result()).toMatchObject({ decided: 0, share: { leave: null, remain: null }, averageStrength: null });
  });

  it('hides the smallest shown cells until the hidden ones hold 10 posts together', () => {
    expect(sideShareHidden([30, 12, 3])).toEqual([false, true, true]);
    expect(sideShareHidden([30, 12, 4, 7])).toEqual([false, false, true, true]);
    expect(sideShareHidden([30, 12])).toEqual([false, false]);
    expect(sideShareHidden([5])).toEqual([true]);
  });

  it('ranks topics with their mean theme sentiment, and counts by day', () => {
    const b = new ReportBuilder('brexit', ['leave', 'remain']);
    b.add(Date.UTC(2016, 5, 22, 23), c('neutral', 0, { topics: ['economy', 'health'], themeSentiment: { economy: 0.5, health: -0.2 } }));
    b.add(Date.UTC(2016, 5, 23, 1), c('neutral', 0, { topics: ['economy'], themeSentiment: { economy: -0.1 } }));
    const r = b.result();
    expect(r.byTopic).toEqual([
      { topic: 'economy', posts: 2, themeSentiment: 0.2 },
      { topic: 'health', posts: 1, themeSentiment: -0.2 },
    ]);
    expect(r.byDay.map((d) => [d.key, d.posts])).toEqual([
      ['2016-06-22', 1],
      ['2016-06-23', 1],
    ]);
  });
});
