import { improvePath } from './path-search';
import { costOf, planeCost } from './costs';
import type { Cost } from './costs';

/**
 * The order turfs are numbered in: a walk over their centres, so turf n+1 is next to turf n. Each block
 * is walked whole before the next (turfs never straddle a barrier, nor should the numbering jump back
 * and forth over it): a Hilbert curve gives a good first order in O(n log n), then 2-opt and or-opt
 * shorten it, trying only the centres near each other along the curve (no n × n matrix for 5,000 turfs).
 */
export interface Centre {
  readonly x: number;
  readonly y: number;
  readonly block: string | null;
}

const HILBERT_BITS = 16;
const WINDOW = 12;
const NEIGHBOURS = 8;

/** Position of cell (x, y) along a Hilbert curve over a 2^bits square (the classic xy2d). */
export function hilbertIndex(x: number, y: number, bits = HILBERT_BITS): number {
  let d = 0;
  for (let s = 1 << (bits - 1); s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) [x, y] = [s - 1 - x, s - 1 - y];
      [x, y] = [y, x];
    }
  }
  return d;
}

/** Hilbert keys of all centres, on one grid over their bounding box. */
function hilbertKeys(centres: readonly Centre[]): Float64Array {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of centres) [x0, y0, x1, y1] = [Math.min(x0, c.x), Math.min(y0, c.y), Math.max(x1, c.x), Math.max(y1, c.y)];
  const span = Math.max(x1 - x0, y1 - y0, 1e-9);
  const cells = (1 << HILBERT_BITS) - 1;
  return Float64Array.from(centres, (c) => hilbertIndex(Math.round(((c.x - x0) / span) * cells), Math.round(((c.y - y0) / span) * cells)));
}

/** For each node, its nearest few among those within WINDOW places along the initial order. */
function windowNeighbours(order: readonly number[], cost: Cost, n: number): number[][] {
  const nb: number[][] = Array.from({ length: n }, () => []);
  order.forEach((a, i) => {
    const near = order.slice(Math.max(0, i - WINDOW), i + WINDOW + 1).filter((b) => b !== a);
    nb[a] = near.sort((p, q) => costOf(cost, a, p) - costOf(cost, a, q)).slice(0, NEIGHBOURS);
  });
  return nb;
}

/** Orders one block's centres (indexes into `centres`), starting at the end nearer `from`. */
function blockPath(centres: readonly Centre[], members: readonly number[], keys: Float64Array, from: Centre | null): number[] {
  const n = members.length;
  const cost = planeCost(Float64Array.from(members, (i) => centres[i]!.x), Float64Array.from(members, (i) => centres[i]!.y));
  const initial = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[members[a]!]! - keys[members[b]!]!);
  const path = improvePath([...initial], cost, windowNeighbours(initial, cost, n)).map((i) => members[i]!);
  if (from) {
    const d = (i: number): number => Math.hypot(centres[i]!.x - from.x, centres[i]!.y - from.y);
    if (d(path[n - 1]!) < d(path[0]!)) path.reverse();
  }
  return path;
}

/** Turf indexes in numbering order: block after block (by where their centres fall along the curve). */
export function orderTurfs(centres: readonly Centre[]): number[] {
  if (centres.length === 0) return [];
  const keys = hilbertKeys(centres);
  const blocks = new Map<string | null, number[]>();
  centres.forEach((c, i) => {
    const members = blocks.get(c.block);
    if (members) members.push(i);
    else blocks.set(c.block, [i]);
  });
  const meanKey = (members: number[]): number => members.reduce((s, i) => s + keys[i]!, 0) / members.length;
  const ordered = [...blocks.values()].sort((a, b) => meanKey(a) - meanKey(b));
  const out: number[] = [];
  for (const members of ordered) {
    const last = out.length > 0 ? centres[out[out.length - 1]!]! : null;
    out.push(...blockPath(centres, members, keys, last));
  }
  return out;
}
