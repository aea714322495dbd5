import { describe, expect, it } from 'vitest';
import type { RollupCell } from '../rollup/cells';
import { detectHype, hourlyCounts } from './hype';
import { interestByRegion, interestOverTime } from './interest';

const H = 3_600_000;
const D = 24 * H;
const cell = (hour: number, country: string | null, topic: string, posts: number): RollupCell => ({ hour, country, lang: 'en', stance: 'neutral', topic, posts, scoreSum: 0, sentimentSum: 0, sentimentN: posts });

describe('interest', () => {
  it('divides by the volume of the time and scales to the peak, leaving small buckets out', () => {
    const cells = [
      cell(0, 'GB', '', 100), cell(0, 'GB', 'nhs', 10), // 10 %
      cell(D, 'GB', '', 400), cell(D, 'GB', 'nhs', 20), // 5 %: more posts, less interest
      cell(2 * D, 'GB', '', 5), cell(2 * D, 'GB', 'nhs', 5), // too few posts to say
    ];
    expect(interestOverTime(cells, 'nhs', 'day')).toEqual([{ t: 0, index: 100 }, { t: D, index: 50 }, { t: 2 * D, index: null }]);
  });

  it('ranks regions by share of their own posts, not by raw counts', () => {
    const cells = [cell(0, 'GB', '', 1000), cell(0, 'GB', 'nhs', 50), cell(0, 'IE', '', 40), cell(0, 'IE', 'nhs', 8), cell(0, 'MT', '', 4), cell(0, 'MT', 'nhs', 4), cell(0, null, '', 99), cell(0, null, 'nhs', 99)];
    expect(interestByRegion(cells, 'nhs')).toEqual([{ country: 'IE', index: 100 }, { country: 'GB', index: 25 }]);
  });
});

describe('detectHype', () => {
  it('raises one alert for a burst, with its start, peak and size, and none for noise or small counts', () => {
    const counts = [...Array.from({ length: 48 }, (_, i) => 20 + (i % 3)), 25, 90, 140, 60, 21, 20, 22];
    const alerts = detectHype(counts, 0);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ start: 49 * H, peak: 50 * H, peakCount: 140 });
    expect(alerts[0]!.magnitude).toBeGreaterThan(6);
    expect(detectHype(Array.from({ length: 60 }, (_, i) => 20 + (i % 5)), 0)).toEqual([]);
    expect(detectHype([...Array.from({ length: 30 }, () => 0), 6, 0], 0)).toEqual([]);
  });

  it('reads hourly counts with the missing hours as zero', () => {
    expect(hourlyCounts([cell(2 * H, 'GB', 'nhs', 3), cell(5 * H, 'FR', 'nhs', 4), cell(5 * H, 'GB', 'nhs', 1), cell(3 * H, 'GB', '', 9)], 'nhs')).toEqual({ start: 2 * H, counts: [3, 0, 0, 5] });
  });
});
