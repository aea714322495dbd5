/**
 * One unit's table closest to the global matrix: votes v_rc ≥ 0 with the unit's own margins
 * (Σ_c v_rc = x_r, Σ_r v_rc = y_c, structural zeros kept) minimising Σ |v_rc − x_r·p_rc| — the
 * per-unit programme of nslphom (Pavía & Romero 2024, with its L1 "abs" local distance). Solved as a
 * min-cost flow: a unit of flow from a column with too many votes to one with too few goes through a
 * row r, taking a vote off (r, c) and putting it on (r, c'), at cost 2; successive shortest paths
 * (Bellman–Ford queue) on a graph of R + C + 2 nodes find the optimum.
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
  const maxArcs = 2 * (2 * cols + 2 * rows * cols);
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
 * unless structural zeros make the margins unreachable).
 */
export function unitFlow(w: UnitFlowWorkspace, x: ArrayLike<number>, y: ArrayLike<number>, p: Float64Array, zeros: Uint8Array, out: Float64Array): number {
  const { rows: R, cols: C } = w;
  w.head.fill(-1);
  w.arcs = 0;
  const colNode = (c: number): number => 2 + c;
  const rowNode = (r: number): number => 2 + C + r;
  const dec = new Int32Array(R * C).fill(-1);
  const inc = new Int32Array(R * C).fill(-1);
  let supply = 0;
  for (let c = 0; c < C; c++) {
    let fit = 0;
    for (let r = 0; r < R; r++) fit += x[r]! * p[r * C + c]!;
    const gap = y[c]! - fit;
    if (gap < -EPS) supply -= gap;
    if (gap < -EPS) addArc(w, SOURCE, colNode(c), -gap, 0);
    else if (gap > EPS) addArc(w, colNode(c), SINK, gap, 0);
  }
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const k = r * C + c;
      out[k] = x[r]! * p[k]!;
      if (zeros[k] || x[r]! <= 0) continue;
      if (out[k]! > EPS) dec[k] = addArc(w, colNode(c), rowNode(r), out[k]!, 1);
      inc[k] = addArc(w, rowNode(r), colNode(c), Infinity, 1);
    }
  }
  const left = supply > EPS ? augmentAll(w, supply) : 0;
  for (let k = 0; k < R * C; k++) {
    const taken = dec[k]! >= 0 ? w.cap[dec[k]! + 1]! : 0;
    const given = inc[k]! >= 0 ? w.cap[inc[k]! + 1]! : 0;
    out[k] = Math.max(0, out[k]! - taken + given);
  }
  return left;
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
