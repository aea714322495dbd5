import type { TeamTurf } from './types';

/**
 * Pairs a team's members: each unpaired member in turn (input order) walks with the later unpaired
 * member who differs from them on the most attributes — a mixed pair (a woman with a man, a young
 * with an older canvasser) meets more of the doors on its own terms, and the team's mix is the
 * same whichever way it is paired, so mixing costs nothing; between equally mixed candidates the
 * nearest in order (the adjacent one) is taken. An odd member out is returned apart.
 */
export function pairUp(members: readonly number[], profile: (member: number) => ArrayLike<number>): { pairs: [number, number][]; single: number | null } {
  const left = [...members];
  const pairs: [number, number][] = [];
  while (left.length >= 2) {
    const first = left.shift()!;
    const a = profile(first);
    let best = 0;
    let bestDiff = -1;
    left.forEach((m, k) => {
      const b = profile(m);
      let diff = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
      if (diff > bestDiff) [best, bestDiff] = [k, diff];
    });
    pairs.push([first, left.splice(best, 1)[0]!]);
  }
  return { pairs, single: left[0] ?? null };
}

/**
 * Hands turfs out round-robin in walking order: the first walker (a canvasser or a pair) takes
 * the first turf, the second the second, … and round again, so that each walker's turfs are
 * spread evenly and the first turfs of the walk are covered first. Without walkers, turfs stay
 * with no one.
 */
export function handOut(turfs: readonly number[], walkers: readonly (readonly string[])[]): TeamTurf[] {
  return turfs.map((turfId, i) => ({ turfId, users: walkers.length ? [...walkers[i % walkers.length]!] : [] }));
}
