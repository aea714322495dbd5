import { describe, expect, it } from 'vitest';
import type { RollupCell } from '../rollup/cells';
import { ReportBuilder } from './aggregate';
import { filterCells } from './filter';

const H = 3_600_000;
const cell = (hour: number, country: string | null, stance: string, topic: string, posts: number): RollupCell => ({ hour: hour * H, country, lang: 'en', stance, topic, posts, scoreSum: stance.endsWith('leave') ? -posts : stance === 'neutral' ? 0 : posts, sentimentSum: 0, sentimentN: posts });

const CELLS: RollupCell[] = [
  cell(0, 'GB', 'strong_leave', '', 20),
  cell(0, 'GB', 'strong_leave', 'economy', 5),
  cell(1, 'GB', 'weak_remain', '', 30),
  cell(1, 'GB', 'weak_remain', 'economy', 12),
  cell(2, null, 'neutral', '', 15),
];

function report(filter: Parameters<typeof filterCells>[1]) {
  const b = new ReportBuilder('brexit', ['leave', 'remain']);
  for (const c of filterCells(CELLS, filter)) b.addCell(c);
  return b.result();
}

describe('filterCells', () => {
  it('keeps everything without a filter', () => {
    expect(report({}).posts).toBe(65);
  });

  it('narrows by time range (from inclusive, to exclusive), country and stance', () => {
    expect(report({ from: 1 * H }).posts).toBe(45);
    expect(report({ to: 1 * H }).posts).toBe(20);
    expect(report({ country: 'unknown' }).posts).toBe(15);
    expect(report({ country: 'GB', stance: 'weak_remain' }).posts).toBe(30);
  });

  it('keeps only the posts on a topic, counted once', () => {
    const r = report({ topic: 'economy' });
    expect(r.posts).toBe(17);
    expect(r.decided).toBe(17);
    expect(r.share['remain']).toBeCloseTo(12 / 17, 4);
    expect(r.byTopic.map((t) => [t.topic, t.posts])).toEqual([['economy', 17]]);
  });
});
