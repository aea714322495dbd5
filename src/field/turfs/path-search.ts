/**
 * Local search for short open paths (a travelling-salesman path with free ends), on any symmetric
 * cost: nearest neighbour to start, then 2-opt and or-opt moves until none improves (Lin 1965; Or 1976).
 * Moves are only tried towards each node's nearest neighbours (candidate lists, as in Lin–Kernighan
 * codes): a sweep costs O(n·k) instead of O(n²), and good moves almost always join near neighbours.
 * An open path has no closing edge, so moves may also reverse a prefix or a suffix, or move a segment
 * to either end: that is how the search picks the ends, without trying every start.
 */
import { costOf } from './costs';
import type { Cost } from './costs';
import { EPS, orOptAt, twoOptAt } from './path-moves';
import type { State } from './path-moves';

export type Neighbours = readonly (readonly number[])[];

/**
 * Longest run or-opt moves. The textbook 3 leaves walks that take streets in a poor order; runs up to
 * a street side's length let or-opt move a whole street (on the synthetic town's 60-door turfs, from
 * one greedy start: mean gap to a much longer search 1.5 % with 20, 5.4 % with 3).
 */
const LONGEST_RUN = 20;

/** Nodes 0 … n−1 visited greedily from `start`, always to the cheapest unvisited one. */
export function nearestNeighbour(n: number, cost: Cost, start: number): number[] {
  const used = new Uint8Array(n);
  const order = [start];
  used[start] = 1;
  let current = start;
  for (let step = 1; step < n; step++) {
    let best = -1;
    let bestCost = Infinity;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const c = costOf(cost, current, j);
      if (c < bestCost) [best, bestCost] = [j, c];
    }
    used[best] = 1;
    order.push(best);
    current = best;
  }
  return order;
}

export function pathCost(order: readonly number[], cost: Cost): number {
  let total = 0;
  for (let i = 1; i < order.length; i++) total += costOf(cost, order[i - 1]!, order[i]!);
  return total;
}

/** The k cheapest other nodes of each node, nearest first, from an n × n row-major cost matrix. */
export function neighboursFromMatrix(m: Float64Array, n: number, k: number): number[][] {
  const size = Math.min(k, n - 1);
  const result: number[][] = [];
  const ids = new Int32Array(size);
  const costs = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const c = m[i * n + j]!;
      if (count === size && c >= costs[size - 1]!) continue;
      // Insertion into the short sorted list: rows are scanned once, most entries fail the test above.
      let at = count < size ? count++ : size - 1;
      while (at > 0 && costs[at - 1]! > c) {
        costs[at] = costs[at - 1]!;
        ids[at] = ids[at - 1]!;
        at--;
      }
      costs[at] = c;
      ids[at] = j;
    }
    result.push(Array.from(ids.subarray(0, count)));
  }
  return result;
}

/** A queue of nodes to look at again, each at most once at a time. */
function improveFrom(s: State, start: readonly number[]): void {
  const queued = new Uint8Array(s.pos.length);
  const queue: number[] = [];
  const push = (a: number): void => {
    if (!queued[a]) [queued[a], queue[queue.length]] = [1, a];
  };
  start.forEach(push);
  for (let head = 0; head < queue.length; head++) {
    const a = queue[head]!;
    queued[a] = 0;
    if (twoOptAt(s, a) || orOptAt(s, a)) {
      s.touched.forEach(push);
      s.touched.length = 0;
      push(a);
    }
  }
}

function state(p: number[], cost: Cost, neighbours: Neighbours): State {
  const pos = new Int32Array(neighbours.length).fill(-1);
  p.forEach((node, k) => (pos[node] = k));
  return { p, pos, cost, nb: neighbours, longest: Math.min(p.length - 1, LONGEST_RUN), touched: [], best: { delta: Infinity, q: 0, reversed: false } };
}

/** 2-opt and or-opt moves until none makes the path shorter. Changes `p` in place. */
export function improvePath(p: number[], cost: Cost, neighbours: Neighbours): number[] {
  if (p.length >= 3) improveFrom(state(p, cost, neighbours), p);
  return p;
}

/**
 * Iterated local search (Lourenço, Martin & Stützle 2003): kick the best path with a double bridge
 * (A B C D → A C B D, a move 2-opt and or-opt cannot undo in one step), improve it again from the
 * changed edges, and keep it when shorter. It gets out of the local optima that penalised street
 * crossings make common. `random` gives uniform numbers in [0, 1) (seeded: walks are reproducible).
 */
export function iteratedSearch(p: number[], cost: Cost, neighbours: Neighbours, kicks: number, random: () => number): number[] {
  let best = improvePath(p, cost, neighbours);
  let bestCost = pathCost(best, cost);
  const n = best.length;
  if (n < 5) return best;
  const s = state(best.slice(), cost, neighbours);
  for (let k = 0; k < kicks; k++) {
    const [i, j, l] = [0, 0, 0].map(() => 1 + Math.floor(random() * (n - 1))).sort((a, b) => a - b) as [number, number, number];
    if (i === j || j === l) continue;
    s.p = [...best.slice(0, i), ...best.slice(j, l), ...best.slice(i, j), ...best.slice(l)];
    s.p.forEach((node, at) => (s.pos[node] = at));
    const m = i + l - j;
    improveFrom(s, [i - 1, i, m - 1, m, l - 1, l].filter((at) => at < n).map((at) => s.p[at]!));
    const c = pathCost(s.p, cost);
    if (c < bestCost - EPS) [best, bestCost] = [s.p.slice(), c];
  }
  return best;
}
