import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { projector } from '../turfs/geo';
import { syntheticTown, VOTERS_PER_DOOR } from './town';
import type { TownAddress } from './town';

const town = syntheticTown({ addresses: 8000, seed: 7 });
const toXY = projector(50.63, 3.06);
const distance = (a: TownAddress, b: TownAddress): number => {
  const [ax, ay] = toXY(a.lat, a.lon);
  const [bx, by] = toXY(b.lat, b.lon);
  return Math.hypot(ax - bx, ay - by);
};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('syntheticTown', () => {
  it('gives exactly the addresses asked for, with unique ids and file ids', () => {
    expect(town.addresses).toHaveLength(8000);
    expect(town.addresses.map((a) => a.id)).toEqual(town.addresses.map((_, i) => i + 1));
    expect(new Set(town.addresses.map((a) => a.extId)).size).toBe(8000);
    expect(new Set(town.addresses.map((a) => `${a.number} ${a.street}`)).size).toBe(8000);
    for (const a of town.addresses.slice(0, 50)) expect(a).toMatchObject({ city: 'Villeneuve-sur-Lys', postcode: expect.stringMatching(/^59[1-4]00$/) });
  });

  it('is reproducible from its seed, and another seed gives another town', () => {
    const small = syntheticTown({ addresses: 500, seed: 7 });
    expect(syntheticTown({ addresses: 500, seed: 7 })).toEqual(small);
    expect(syntheticTown({ addresses: 500, seed: 8 }).addresses.map((a) => a.street)).not.toEqual(small.addresses.map((a) => a.street));
  });

  it('puts odd numbers on one side of a street and even on the other, a few metres apart', () => {
    const streets = new Map<string, TownAddress[]>();
    for (const a of town.addresses) streets.set(a.street, (streets.get(a.street) ?? []).concat(a));
    const across: number[] = [];
    const along: number[] = [];
    for (const points of streets.values()) {
      const odd = points.filter((a) => parseInt(a.number, 10) % 2 === 1);
      const even = points.filter((a) => parseInt(a.number, 10) % 2 === 0);
      if (odd.length < 5 || even.length < 5) continue;
      for (const a of odd) {
        across.push(Math.min(...even.map((b) => distance(a, b))));
        along.push(Math.min(...odd.filter((b) => b !== a).map((b) => distance(a, b))));
      }
    }
    expect(across.length).toBeGreaterThan(1000);
    // The nearest door opposite is about 12 m away (two sides 6 m off the centre line) …
    expect(median(across)).toBeGreaterThan(8);
    expect(median(across)).toBeLessThan(16);
    // … while the next door on the same side is along the street, never on top of it.
    expect(Math.min(...along)).toBeGreaterThan(2);
  });

  it('has mostly houses and some blocks of flats of 5–40 doors', () => {
    const flats = town.addresses.filter((a) => a.doors > 1);
    expect(flats.length / town.addresses.length).toBeGreaterThan(0.01);
    expect(flats.length / town.addresses.length).toBeLessThan(0.1);
    expect(Math.min(...flats.map((a) => a.doors))).toBeGreaterThanOrEqual(5);
    expect(Math.max(...flats.map((a) => a.doors))).toBeLessThanOrEqual(40);
  });

  it('splits the town into blocks at the barriers', () => {
    expect(new Set(town.addresses.map((a) => a.block))).toEqual(new Set(['nord-est', 'nord-ouest', 'sud-est', 'sud-ouest']));
    expect(new Set(syntheticTown({ addresses: 500, seed: 7, barriers: 1 }).addresses.map((a) => a.block))).toEqual(new Set(['nord', 'sud']));
    expect(new Set(syntheticTown({ addresses: 500, seed: 7, barriers: 0 }).addresses.map((a) => a.block))).toEqual(new Set([null]));
  });

  it('has polling stations of about 1,250 voters, each within one block, with coordinates', () => {
    const codes = new Set(town.stations.map((s) => s.code));
    expect(codes.size).toBe(town.stations.length);
    const voters = new Map<string, number>();
    const blocks = new Map<string, Set<string | null>>();
    for (const a of town.addresses) {
      expect(codes.has(a.station)).toBe(true);
      voters.set(a.station, (voters.get(a.station) ?? 0) + a.doors * VOTERS_PER_DOOR);
      blocks.set(a.station, (blocks.get(a.station) ?? new Set()).add(a.block));
    }
    for (const v of voters.values()) expect(v).toBeGreaterThan(1000 * 0.7);
    expect([...voters.values()].filter((v) => v >= 1000 && v <= 1500).length / voters.size).toBeGreaterThan(0.8);
    for (const b of blocks.values()) expect(b.size).toBe(1);
    for (const s of town.stations) expect(Number.isFinite(s.lat) && Number.isFinite(s.lon)).toBe(true);
  });

  it('refuses a number of addresses that is not a positive integer', () => {
    expect(() => syntheticTown({ addresses: 0 })).toThrow(InputError);
  });
});
