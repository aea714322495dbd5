/**
 * One unit's table closest to the global matrix: votes v_rc ≥ 0 with the unit's own margins
 * (Σ_c v_rc = x_r, Σ_r v_rc = y_c, structural zeros kept) minimising Σ |v_rc − x_r·p_rc| — the
 * per-unit programme of nslphom (Pavía & Romero 2024, with its L1 "abs" local distance). Solved as a
 * min-cost flow: a unit of flow from a column with too many votes to one with too few goes through a
 * row r, taking a vote off (r, c) and putting it on (r, c'), at cost 2; successive shortest paths
 * (Bellman–Ford queue) on a graph of R + C + 2 nodes find the optimum.
 * Arc capacities need R + C source/sink arcs besides the 2·R·C cell arcs.
 */
export interface UnitFlowWorkspace {
  readonly rows: number;
  readonly cols: number;
  readonly head: Int32Array;
  readonly next: Int32Array;
  readonly to: Int32Array;
  readonly cap: Float64Array;
  readonly cost: Float64Array;
  readonly dist: Float64Array;
  readonly via: Int32Array;
  readonly queued: Uint8Array;
  readonly queue: Int32Array;
  arcs: number;
}

export function unitFlowWorkspace(rows: number, cols: number): UnitFlowWorkspace {
  const maxArcs = 2 * (cols + rows + 2 * rows * cols);
  const nodes = rows + cols + 2;
  return {
    rows, cols, arcs: 0,
    head: new Int32Array(nodes), next: new Int32Array(maxArcs), to: new Int32Array(maxArcs),
    cap: new Float64Array(maxArcs), cost: new Float64Array(maxArcs), dist: new Float64Array(nodes),
    via: new Int32Array(nodes), queued: new Uint8Array(nodes), queue: new Int32Array(nodes * 64),
  };
}

const SOURCE = 0;
const SINK = 1;
const EPS = 1e-9;

function addArc(w: UnitFlowWorkspace, from: number, to: number, cap: number, cost: number): number {
  const a = w.arcs;
  w.to[a] = to; w.cap[a] = cap; w.cost[a] = cost; w.next[a] = w.head[from]!; w.head[from] = a;
  w.to[a + 1] = from; w.cap[a + 1] = 0; w.cost[a + 1] = -cost; w.next[a + 1] = w.head[to]!; w.head[to] = a + 1;
  w.arcs += 2;
  return a;
}

/**
 * Writes the unit's votes table (R·C, row-major) into `out`; returns the flow it could not route (0
 * unless structural zeros make the margins unreachable). Same-share columns are filled first at the
 * unit's own rate, y_c over the votes of the rows allowed there (as nslphom does for exits); the other
 * cells then move from x_r·p_rc at least L1 cost, rows shedding or taking what that left uneven.
 */
export function unitFlow(w: UnitFlowWorkspace, x: ArrayLike<number>, y: ArrayLike<number>, p: Float64Array, zeros: Uint8Array, out: Float64Array, sameShare: readonly number[] = []): number {
  const { rows: R, cols: C } = w;
  w.head.fill(-1);
  w.arcs = 0;
  const fixed = fillSameShare(R, C, x, y, zeros, out, sameShare);
  const rowGap = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    rowGap[r] = x[r]!;
    for (let c = 0; c < C; c++) {
      const k = r * C + c;
      if (fixed[c]) rowGap[r] = rowGap[r]! - out[k]!;
      else rowGap[r] = rowGap[r]! - (out[k] = zeros[k] ? 0 : x[r]! * p[k]!);
    }
  }
  let supply = 0;
  const balance = (node: number, gap: number): void => {
    if (gap < -EPS) addArc(w, SOURCE, node, -gap, 0);
    else if (gap > EPS) addArc(w, node, SINK, gap, 0);
    if (gap < -EPS) supply -= gap;
  };
  for (let c = 0; c < C; c++) {
    if (fixed[c]) continue;
    let fit = 0;
    for (let r = 0; r < R; r++) fit += out[r * C + c]!;
    balance(2 + c, y[c]! - fit);
  }
  for (let r = 0; r < R; r++) balance(2 + C + r, -rowGap[r]!);
  const { dec, inc } = cellArcs(w, x, zeros, out, fixed);
  const left = supply > EPS ? augmentAll(w, supply) : 0;
  for (let k = 0; k < R * C; k++) {
    const taken = dec[k]! >= 0 ? w.cap[dec[k]! + 1]! : 0;
    const given = inc[k]! >= 0 ? w.cap[inc[k]! + 1]! : 0;
    out[k] = Math.max(0, out[k]! - taken + given);
  }
  return left;
}

/** Same-share columns at the unit's own rate; returns which columns are fixed so. */
function fillSameShare(R: number, C: number, x: ArrayLike<number>, y: ArrayLike<number>, zeros: Uint8Array, out: Float64Array, sameShare: readonly number[]): Uint8Array {
  const fixed = new Uint8Array(C);
  for (const c of sameShare) {
    fixed[c] = 1;
    let base = 0;
    for (let r = 0; r < R; r++) base += zeros[r * C + c] ? 0 : x[r]!;
    const rate = base > 0 ? Math.min(1, y[c]! / base) : 0;
    for (let r = 0; r < R; r++) out[r * C + c] = zeros[r * C + c] ? 0 : x[r]! * rate;
  }
  return fixed;
}

/**
 * Arcs column → row (take votes off cell (r, c), at most what it holds) and row → column (put votes on
 * it), cost 1 each, for the cells that may change.
 */
function cellArcs(w: UnitFlowWorkspace, x: ArrayLike<number>, zeros: Uint8Array, out: Float64Array, fixed: Uint8Array): { dec: Int32Array; inc: Int32Array } {
  const { rows: R, cols: C } = w;
  const dec = new Int32Array(R * C).fill(-1);
  const inc = new Int32Array(R * C).fill(-1);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const k = r * C + c;
      if (zeros[k] || fixed[c] || x[r]! <= 0) continue;
      if (out[k]! > EPS) dec[k] = addArc(w, 2 + c, 2 + C + r, out[k]!, 1);
      inc[k] = addArc(w, 2 + C + r, 2 + c, Infinity, 1);
    }
  }
  return { dec, inc };
}

/** Successive shortest paths from SOURCE to SINK until `supply` is routed or no path is left. */
function augmentAll(w: UnitFlowWorkspace, supply: number): number {
  let left = supply;
  while (left > EPS * Math.max(1, supply)) {
    if (!shortestPath(w)) break;
    let push = left;
    for (let v = SINK; v !== SOURCE; v = w.to[w.via[v]! ^ 1]!) push = Math.min(push, w.cap[w.via[v]!]!);
    for (let v = SINK; v !== SOURCE; v = w.to[w.via[v]! ^ 1]!) {
      const a = w.via[v]!;
      w.cap[a] = w.cap[a]! - push;
      w.cap[a ^ 1] = w.cap[a ^ 1]! + push;
    }
    left -= push;
  }
  return left;
}

/** Bellman–Ford with a queue over arcs with room left; true when SINK is reachable. */
function shortestPath(w: UnitFlowWorkspace): boolean {
  const { dist, via, queued, queue } = w;
  dist.fill(Infinity);
  queued.fill(0);
  dist[SOURCE] = 0;
  let headQ = 0;
  let tailQ = 0;
  queue[tailQ++] = SOURCE;
  queued[SOURCE] = 1;
  while (headQ !== tailQ) {
    const u = queue[headQ]!;
    headQ = (headQ + 1) % queue.length;
    queued[u] = 0;
    for (let a = w.head[u]!; a >= 0; a = w.next[a]!) {
      if (w.cap[a]! <= EPS) continue;
      const v = w.to[a]!;
      const nd = dist[u]! + w.cost[a]!;
      if (nd >= dist[v]! - 1e-12) continue;
      dist[v] = nd;
      via[v] = a;
      if (!queued[v]) {
        queued[v] = 1;
        queue[tailQ] = v;
        tailQ = (tailQ + 1) % queue.length;
      }
    }
  }
  return dist[SINK]! < Infinity;
}
