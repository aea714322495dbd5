import { describe, expect, it } from 'vitest';
import { boxAround } from '../geo-box';
import { areaPoints, leaderPoints, RANKED_AREAS, turnoutColor, turnoutLegend, turnoutPoints } from './map-data';
import type { PriorityAnswer, UnitTurnout } from './types';

function unit(code: string, at: [number, number] | null, turnout: number | null, votes: Record<string, number>): UnitTurnout {
  const expressed = Object.values(votes).reduce((s, v) => s + v, 0);
  return {
    code,
    name: null,
    district: null,
    lat: at?.[0] ?? null,
    lon: at?.[1] ?? null,
    registered: 100,
    voters: expressed,
    turnout,
    abstention: null,
    blank: 0,
    null: 0,
    expressed,
    options: Object.entries(votes).map(([key, v]) => ({ key, label: key.toLowerCase(), kind: 'choice', votes: v, ofRegistered: v / 100, ofExpressed: expressed ? v / expressed : null })),
  };
}

describe('the elections map', () => {
  it('colours turnout in bands of 5 points and says which', () => {
    const legend = turnoutLegend();
    expect(legend[0]!.label).toBe('under 40 %');
    expect(legend.at(-1)!.label).toBe('70 % and over');
    expect(turnoutColor(0.1)).toBe(legend[0]!.color);
    expect(turnoutColor(0.42)).toBe(legend[1]!.color);
    expect(turnoutColor(0.699)).toBe(legend.at(-2)!.color);
    expect(turnoutColor(0.95)).toBe(legend.at(-1)!.color);
    expect(new Set(legend.map((l) => l.color)).size).toBe(legend.length);
    expect(legend.map((l) => l.color)).not.toContain(turnoutColor(null));
  });

  it('draws only the units with coordinates, by turnout or by their leading choice', () => {
    const units = [unit('a', [48.1, -4.1], 0.71, { X: 30, Y: 40 }), unit('b', null, 0.5, { X: 5, Y: 1 }), unit('c', [48.3, -4.6], 0.5, { X: 9, Y: 2 }), unit('d', [48.2, -4.2], null, { X: 0, Y: 0 })];
    expect(turnoutPoints(units).map((p) => p.code)).toEqual(['a', 'c', 'd']);
    expect(turnoutPoints(units)[0]!.label).toBe('a: turnout 71.0 %');
    const { points, legend } = leaderPoints(units, ['X', 'Y']);
    expect(points.map((p) => p.label)).toEqual(['a: y first, 57.1 %', 'c: x first, 81.8 %', 'd: no votes']);
    expect(legend.map((l) => l.label)).toEqual(['x', 'y']);
    expect(points[0]!.color).toBe(legend[1]!.color);
    expect(points[1]!.color).toBe(legend[0]!.color);
    expect(boxAround(points)).toEqual([[-4.6, 48.1], [-4.1, 48.3]]);
    expect(boxAround([])).toBeNull();
  });

  it('colours the stations of the best areas by area, and the others grey', () => {
    const areas = Array.from({ length: RANKED_AREAS + 1 }, (_, i) => ({ rank: i + 1, stations: [`s${i}`], registered: 1500, gain: 10, perThousand: 6.7, nearness: 'coordinates' }));
    const answer: PriorityAnswer = { rule: { rows: ['X'], col: 'ABSTENTION' }, areas, stations: [], placed: areas.map((a, i) => ({ code: a.stations[0]!, lat: 48 + i / 100, lon: -4, gain: 10, perThousand: 6.7 })) };
    const points = areaPoints(answer);
    expect(points).toHaveLength(RANKED_AREAS + 1);
    expect(new Set(points.slice(0, RANKED_AREAS).map((p) => p.color)).size).toBe(RANKED_AREAS);
    expect(points.at(-1)!.color).toBe(turnoutColor(null));
    expect(points[0]!.label).toBe('s0: area 1, 10 votes to gain (6.7 per 1,000)');
  });
});
