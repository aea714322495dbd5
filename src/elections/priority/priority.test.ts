import { describe, expect, it } from 'vitest';
import { codeDistance, groupSampleAreas, kmBetween } from './areas';
import { joinCensus } from './census';
import { scoreStations } from './score';

const eye = [
  [0.7, 0.3],
  [0.1, 0.9],
];

describe('scoreStations', () => {
  it('counts the sympathisers who took the chosen second-round option, per 1,000 registered', () => {
    const scores = scoreStations(
      [
        { code: 'a', registered: 1000, x: [100, 900], matrix: eye },
        { code: 'b', registered: 2000, x: [1000, 1000], matrix: eye },
      ],
      { rows: [0], col: 1 },
    );
    expect(scores.map((s) => s.code)).toEqual(['b', 'a']);
    expect(scores[0]!.gain).toBeCloseTo(300);
    expect(scores[0]!.perThousand).toBeCloseTo(150);
    expect(scores[1]!.gain).toBeCloseTo(30);
  });
  it('refuses a rule with no rows or a cell that does not exist', () => {
    const s = [{ code: 'a', registered: 1, x: [1, 1], matrix: eye }];
    expect(() => scoreStations(s, { rows: [], col: 0 })).toThrow(/no sympathiser rows/);
    expect(() => scoreStations(s, { rows: [0], col: 5 })).toThrow(/station a has no cell \[0\]\[5\]/);
  });
});

describe('groupSampleAreas', () => {
  const station = (code: string, registered: number, perThousand: number, extra = {}) => ({ code, registered, gain: (perThousand * registered) / 1000, perThousand, ...extra });
  it('grows areas towards 1,500 registered from the best stations, nearest by code within a district', () => {
    const areas = groupSampleAreas([
      station('29019-0001', 800, 50, { district: 'A' }),
      station('29019-0002', 700, 10, { district: 'A' }),
      station('29019-0009', 900, 5, { district: 'A' }),
      station('29020-0001', 1600, 20, { district: 'A' }),
      station('29019-0003', 750, 40, { district: 'B' }),
    ]);
    // 0003 (40 per 1,000) outranks the pair 0001+0002 ((40 + 7) / 1,500 registered = 31 per 1,000).
    expect(areas.map((a) => a.stations)).toEqual([['29019-0003'], ['29019-0001', '29019-0002'], ['29020-0001'], ['29019-0009']]);
    expect(areas[1]).toMatchObject({ rank: 2, registered: 1500, nearness: 'codes' });
    expect(areas[1]!.perThousand).toBeCloseTo(31.33, 2);
    expect(areas.flatMap((a) => a.stations).sort()).toHaveLength(5);
  });
  it('uses distances when every station has coordinates, and never groups past maxKm', () => {
    const areas = groupSampleAreas(
      [
        station('a', 700, 30, { lat: 48.39, lon: -4.49 }),
        station('far', 700, 20, { lat: 48.0, lon: -4.1 }),
        station('near', 700, 10, { lat: 48.395, lon: -4.48 }),
      ],
      { maxKm: 5 },
    );
    expect(areas.map((a) => a.stations)).toEqual([['a', 'near'], ['far']]);
    expect(areas[0]!.nearness).toBe('coordinates');
  });
  it('measures distance sensibly', () => {
    expect(kmBetween({ lat: 48.8566, lon: 2.3522 }, { lat: 45.764, lon: 4.8357 })).toBeCloseTo(392, -1);
    expect(codeDistance({ code: '29019-0003' }, { code: '29019-0004' })).toBeLessThan(codeDistance({ code: '29019-0003' }, { code: '29020-0001' }));
    expect(codeDistance({ code: 'a1', district: 'x' }, { code: 'a2', district: 'y' })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('joinCensus', () => {
  it('joins attributes and coordinates, and reports both kinds of misses', () => {
    const census = new Map<string, Record<string, string | number>>([
      ['a', { lat: '48.1', lon: '-4.2', unemployment: 0.08 }],
      ['z', { unemployment: 0.1 }],
    ]);
    const { joined, missing, unused } = joinCensus([{ code: 'a' }, { code: 'b' }], census);
    expect(joined[0]).toMatchObject({ code: 'a', lat: 48.1, lon: -4.2, attributes: { unemployment: 0.08 } });
    expect(joined[1]).toMatchObject({ code: 'b', attributes: {} });
    expect(missing).toEqual(['b']);
    expect(unused).toEqual(['z']);
  });
});
