import { costOf } from './costs';
import type { Cost } from './costs';

/**
 * The shortest open path through all n nodes, exactly, by dynamic programming over subsets
 * (Held & Karp 1962): best[S][j] = the cheapest path visiting S and ending at j, started anywhere.
 * O(2ⁿ·n²): the reference that walk orders are measured against on small turfs (n ≤ 14).
 */
export function exactPath(n: number, cost: Cost): { order: number[]; cost: number } {
  if (n > 14) throw new Error(`exactPath: ${n} nodes is too many (at most 14)`);
  if (n === 0) return { order: [], cost: 0 };
  const size = 1 << n;
  const best = new Float64Array(size * n).fill(Infinity);
  const parent = new Int8Array(size * n).fill(-1);
  for (let j = 0; j < n; j++) best[(1 << j) * n + j] = 0;
  for (let s = 1; s < size; s++) {
    for (let j = 0; j < n; j++) {
      const here = best[s * n + j]!;
      if (!(s & (1 << j)) || here === Infinity) continue;
      for (let k = 0; k < n; k++) {
        if (s & (1 << k)) continue;
        const t = (s | (1 << k)) * n + k;
        const c = here + costOf(cost, j, k);
        if (c < best[t]!) [best[t], parent[t]] = [c, j];
      }
    }
  }
  const full = size - 1;
  let end = 0;
  for (let j = 1; j < n; j++) if (best[full * n + j]! < best[full * n + end]!) end = j;
  const order: number[] = [];
  for (let s = full, j = end; j >= 0; ) {
    order.push(j);
    const prev = parent[s * n + j]!;
    s &= ~(1 << j);
    j = prev;
  }
  return { order: order.reverse(), cost: best[full * n + end]! };
}
