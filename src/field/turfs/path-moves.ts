import { costOf } from './costs';
import type { Cost } from './costs';
import type { Neighbours } from './path-search';

/**
 * The two moves of the walk-order local search, each tried from one node towards its candidate
 * neighbours. A successful move lists in `touched` the nodes whose edges it changed, so the search
 * looks again only there ("don't look bits", Bentley 1992): after a kick, re-optimising is local.
 */
export interface State {
  p: number[];
  readonly pos: Int32Array;
  readonly cost: Cost;
  readonly nb: Neighbours;
  /** Longest run or-opt moves. */
  readonly longest: number;
  readonly touched: number[];
  /** Scratch for or-opt's best insertion (one object, not one per run tried). */
  readonly best: Insertion;
}

/** Improvements smaller than this (metres) are rounding noise; ignoring them guarantees termination. */
export const EPS = 1e-7;

function touch(s: State, ...positions: number[]): void {
  for (const k of positions) if (k >= 0 && k < s.p.length) s.touched.push(s.p[k]!);
}

function reverse(s: State, i: number, j: number): void {
  const { p, pos } = s;
  for (; i < j; i++, j--) {
    const a = p[i]!;
    const b = p[j]!;
    p[i] = b;
    p[j] = a;
    pos[b] = i;
    pos[a] = j;
  }
}

/** Change in length from reversing p[x..y] (its outer edges are replaced; at a path end there is one). */
function reversalDelta(s: State, x: number, y: number): number {
  const { p, cost } = s;
  const n = p.length;
  if (x >= y || (x === 0 && y === n - 1)) return Infinity;
  let delta = 0;
  if (x > 0) delta += costOf(cost, p[x - 1]!, p[y]!) - costOf(cost, p[x - 1]!, p[x]!);
  if (y < n - 1) delta += costOf(cost, p[x]!, p[y + 1]!) - costOf(cost, p[y]!, p[y + 1]!);
  return delta;
}

function tryReversal(s: State, x: number, y: number): boolean {
  if (!(reversalDelta(s, x, y) < -EPS)) return false;
  touch(s, x - 1, x, y, y + 1);
  reverse(s, x, y);
  return true;
}

/**
 * 2-opt from node a: the first shorter reversal that makes a adjacent to one of its neighbours c in
 * place of its successor (then of its predecessor). Neighbours are tried nearest first, only while
 * the new edge (a, c) is shorter than the edge it replaces: an improving 2-opt move always has such an
 * end (the classic neighbour-list argument), and the search visits both. A path end's missing edge
 * counts as 0, so moves that re-end the path are found from the other node.
 */
export function twoOptAt(s: State, a: number): boolean {
  const n = s.p.length;
  for (const succ of [true, false]) {
    const i = s.pos[a]!;
    const k = succ ? i + 1 : i - 1;
    const removed = k >= 0 && k < n ? costOf(s.cost, a, s.p[k]!) : 0;
    for (const c of s.nb[a]!) {
      if (costOf(s.cost, a, c) >= removed) break;
      const j = s.pos[c]!;
      const [x, y] = succ ? (j > i ? [i + 1, j] : [j + 1, i]) : j < i ? [j, i - 1] : [i, j - 1];
      if (tryReversal(s, x, y)) return true;
    }
  }
  return false;
}

/** What taking p[i..i+len−1] out saves (the edges at its ends, less the edge that closes the gap). */
function removalGain(s: State, i: number, len: number): number {
  const { p, cost } = s;
  const n = p.length;
  const prev = i > 0 ? p[i - 1]! : -1;
  const next = i + len < n ? p[i + len]! : -1;
  if (prev < 0) return costOf(cost, p[i + len - 1]!, next);
  if (next < 0) return costOf(cost, prev, p[i]!);
  return costOf(cost, prev, p[i]!) + costOf(cost, p[i + len - 1]!, next) - costOf(cost, prev, next);
}

export interface Insertion {
  delta: number;
  /** Insert after position q (−1 = at the start); reversed = the segment goes in back to front. */
  q: number;
  reversed: boolean;
}

/** Cost of putting segment p[i..i+len−1] between p[q] and p[q+1] (q = −1 or n−1: at an end), both ways round. */
function tryInsertion(s: State, i: number, len: number, q: number, best: Insertion): void {
  const { p, cost } = s;
  const n = p.length;
  if (q < -1 || q > n - 1 || (q >= i - 1 && q <= i + len - 1)) return;
  const s0 = p[i]!;
  const s1 = p[i + len - 1]!;
  const a = q >= 0 ? p[q]! : -1;
  const b = q + 1 < n ? p[q + 1]! : -1;
  const base = a >= 0 && b >= 0 ? costOf(cost, a, b) : 0;
  const forward = (a >= 0 ? costOf(cost, a, s0) : 0) + (b >= 0 ? costOf(cost, s1, b) : 0) - base;
  const backward = (a >= 0 ? costOf(cost, a, s1) : 0) + (b >= 0 ? costOf(cost, s0, b) : 0) - base;
  if (forward < best.delta || backward < best.delta) {
    best.reversed = backward < forward;
    best.delta = Math.min(forward, backward);
    best.q = q;
  }
}

function moveSegment(s: State, i: number, len: number, at: Insertion): void {
  const { p, pos } = s;
  touch(s, i - 1, i, i + len - 1, i + len, at.q, at.q + 1);
  const segment = p.slice(i, i + len);
  if (at.reversed) segment.reverse();
  const anchor = at.q >= 0 ? p[at.q]! : -1;
  p.splice(i, len);
  p.splice(anchor < 0 ? 0 : pos[anchor]! - (pos[anchor]! > i ? len : 0) + 1, 0, ...segment);
  for (let k = 0; k < p.length; k++) pos[p[k]!] = k;
}

/** Insertions beside the neighbours of `end` nearer than `gain`: the edge to them alone costs that much. */
function tryBeside(s: State, i: number, len: number, end: number, gain: number, best: Insertion): void {
  for (const c of s.nb[end]!) {
    if (costOf(s.cost, end, c) >= gain) break;
    tryInsertion(s, i, len, s.pos[c]! - 1, best);
    tryInsertion(s, i, len, s.pos[c]!, best);
  }
}

/** The best place for the run p[i..i+len−1]: beside a neighbour of either end, or at a path end. */
function tryRun(s: State, i: number, len: number): boolean {
  const n = s.p.length;
  if (i < 0 || i + len > n || len >= n) return false;
  // No insertion costs less than nothing at a path end, nor (pruned) beside a neighbour: nothing to win.
  const gain = removalGain(s, i, len);
  if (gain <= EPS) return false;
  const best = s.best;
  [best.delta, best.q, best.reversed] = [Infinity, 0, false];
  tryInsertion(s, i, len, -1, best);
  tryInsertion(s, i, len, n - 1, best);
  tryBeside(s, i, len, s.p[i]!, gain, best);
  if (len > 1) tryBeside(s, i, len, s.p[i + len - 1]!, gain, best);
  if (!(best.delta - gain < -EPS)) return false;
  moveSegment(s, i, len, best);
  return true;
}

/**
 * Or-opt from node a: move a run that starts or ends at a, of up to `longest` nodes (not just the
 * usual 3): that lets a walk move a whole side of a street, or a whole street, at once.
 */
export function orOptAt(s: State, a: number): boolean {
  for (let len = 1; len <= s.longest; len++) {
    if (tryRun(s, s.pos[a]!, len)) return true;
    if (len > 1 && tryRun(s, s.pos[a]! - len + 1, len)) return true;
  }
  return false;
}
