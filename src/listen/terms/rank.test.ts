import { describe, expect, it } from 'vitest';
import type { TermCell } from './cells';
import { seriesOf } from './cells';
import { termHype } from './hype';
import { BREAKOUT_GROWTH, questionsByTopic, risingTerms, termWindow, topTerms } from './rank';

const H = 3_600_000;
const cell = (term: string, hour: number, posts: number, kind: TermCell['kind'] = 'hashtag', topic = ''): TermCell => ({ kind, term, topic, hour: hour * H, posts });
const flat = (n: number, hours: number): Map<number, number> => new Map(Array.from({ length: hours }, (_, i) => [i * H, n]));

describe('topTerms', () => {
  it('ranks by posts in the window with an index against the first, leaving out small cells', () => {
    const series = seriesOf([cell('brexit', 0, 30), cell('brexit', 1, 10), cell('euref', 1, 20), cell('small', 0, 9), cell('late', 5, 50), cell('vote leave', 0, 99, 'phrase')]);
    const window = { from: 0, to: 2 * H };
    expect(topTerms(series, 'hashtag', '', window, 10, 10)).toEqual([
      { term: 'brexit', posts: 40, index: 100 },
      { term: 'euref', posts: 20, index: 50 },
    ]);
    expect(topTerms(series, 'hashtag', '', window, 1, 10)).toHaveLength(1);
  });
});

describe('termWindow', () => {
  it('is the given range, else the hours that hold posts', () => {
    expect(termWindow(flat(5, 3))).toEqual({ from: 0, to: 3 * H });
    expect(termWindow(flat(5, 3), H)).toEqual({ from: H, to: 3 * H });
    expect(termWindow(new Map())).toBeNull();
  });
});

describe('risingTerms', () => {
  it('measures the growth of the share between the halves, with breakouts for new or 50-fold terms', () => {
    const totals = new Map([[0, 1000], [H, 1000], [2 * H, 2000], [3 * H, 2000]]);
    const series = seriesOf([
      cell('steady', 0, 50), cell('steady', 2, 100), // same share: 0 %, not rising
      cell('doubled', 1, 20), cell('doubled', 3, 80), // 1 % → 2 %: +100 %
      cell('new', 3, 30), // absent before: breakout
      cell('huge', 0, 1), cell('huge', 2, 120), // 0.05 % → 3 %: +5900 %: breakout
      cell('falling', 0, 100), cell('falling', 2, 20),
      cell('tiny', 2, 9), // too few posts to show
    ]);
    const window = { from: 0, to: 4 * H };
    expect(risingTerms(series, totals, 'hashtag', '', window, 10, 10)).toEqual([
      { term: 'huge', posts: 120, growth: 'breakout' },
      { term: 'new', posts: 30, growth: 'breakout' },
      { term: 'doubled', posts: 80, growth: 100 },
    ]);
    expect(BREAKOUT_GROWTH).toBe(5000);
    expect(risingTerms(series, totals, 'hashtag', '', { from: 0, to: H }, 10, 10)).toEqual([]);
  });
});

describe('questionsByTopic', () => {
  it('groups the questions by the topics of their posts, most asked first', () => {
    const q = (term: string, topic: string, posts: number): TermCell => cell(term, 0, posts, 'question', topic);
    const series = seriesOf([q('will prices rise?', '', 40), q('will prices rise?', 'economy', 40), q('what about the nhs?', 'nhs', 12), q('what about jobs?', 'economy', 15), q('who pays?', 'economy', 3)]);
    expect(questionsByTopic(series, { from: 0, to: H }, 5, 10)).toEqual([
      { topic: 'economy', questions: [{ term: 'will prices rise?', posts: 40, index: 100 }, { term: 'what about jobs?', posts: 15, index: 38 }] },
      { topic: 'nhs', questions: [{ term: 'what about the nhs?', posts: 12, index: 100 }] },
    ]);
  });
});

describe('termHype', () => {
  it('raises an alert for a hashtag that bursts from nothing, with kind and term, and none for small counts', () => {
    const cells = [...Array.from({ length: 30 }, (_, h) => cell('steady', h, 20)), cell('surge', 24, 150), cell('surge', 25, 60), cell('few', 26, 6), cell('vote now', 24, 200, 'phrase')];
    const alerts = termHype(seriesOf(cells), ['hashtag'], { from: 0, to: 30 * H });
    expect(alerts.map((a) => [a.kind, a.term, a.start, a.peak, a.peakCount])).toEqual([['hashtag', 'surge', new Date(24 * H).toISOString(), new Date(24 * H).toISOString(), 150]]);
    expect(termHype(seriesOf(cells), ['hashtag', 'phrase'], { from: 0, to: 30 * H }).map((a) => a.term)).toEqual(['surge', 'vote now']);
  });
});
