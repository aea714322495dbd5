import { invertRelative, solveDense } from './dense';

/** A convex quadratic over R×C tables: ½·pᵀHp − qᵀp with H = 2·(G ⊗ I_C), G R×R symmetric PSD. */
export interface TableQuadratic {
  readonly rows: number;
  readonly cols: number;
  /** R×R row-major. */
  readonly g: Float64Array;
  /** R·C, cell (r, c) at r·C + c. */
  readonly q: Float64Array;
  /** R·C, 1 where the cell is a structural zero. */
  readonly zeros: Uint8Array;
}

export interface QpSolution {
  readonly p: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Minimises the quadratic with every row of the table on the simplex (cells ≥ 0, rows summing to 1,
 * structural zeros at 0), by the primal active-set method (Nocedal & Wright, Numerical Optimization,
 * 2nd ed., algorithm 16.3): each step solves the equality-constrained problem on the free cells through
 * its KKT system, then either moves to it, stopping at the first cell that would turn negative, or
 * frees the cell whose bound multiplier is most negative. Finite, and exact to rounding.
 */
export function minimiseOnSimplexRows(table: TableQuadratic, maxIterations = 500, start?: Float64Array): QpSolution {
  const f = scaled(table);
  const { p, free } = start ? warmStart(f, start) : evenStart(f);
  for (let it = 1; it <= maxIterations; it++) {
    const eqp = solveFreeCells(f, free);
    if (!eqp) return { p, iterations: it, converged: false };
    const { z, lambda } = eqp;
    const alpha = stepToFirstBound(p, z, free);
    for (let k = 0; k < p.length; k++) if (free[k]) p[k] = p[k]! + alpha.step * (z[k]! - p[k]!);
    if (alpha.blocking >= 0) {
      free[alpha.blocking] = 0;
      p[alpha.blocking] = 0;
      continue;
    }
    const enter = mostNegativeMultiplier(f, p, lambda, free);
    if (enter < 0) return { p, iterations: it, converged: true };
    free[enter] = 1;
  }
  return { p, iterations: maxIterations, converged: false };
}

/**
 * The same problem with G and q divided by G's largest entry: the minimum does not move, and the
 * system of free cells and row constraints (whose coefficients are 1) stays well scaled whatever
 * the number of votes (G grows with them: at ~66 M votes it was taken for singular, and the even
 * start came back as the answer).
 */
function scaled(f: TableQuadratic): TableQuadratic {
  let top = 0;
  for (const v of f.g) top = Math.max(top, Math.abs(v));
  if (top === 0 || top === 1) return f;
  return { ...f, g: f.g.map((v) => v / top), q: f.q.map((v) => v / top) };
}

/** A feasible point to start from (rows on the simplex), its positive cells free: e.g. a nearby optimum. */
function warmStart(f: TableQuadratic, start: Float64Array): { p: Float64Array; free: Uint8Array } {
  const p = Float64Array.from(start);
  const free = Uint8Array.from(p, (v, k) => (v > 0 && !f.zeros[k] ? 1 : 0));
  return { p, free };
}

/** Even shares over each row's allowed cells, all of them free. */
function evenStart(f: TableQuadratic): { p: Float64Array; free: Uint8Array } {
  const { rows: R, cols: C, zeros } = f;
  const free = new Uint8Array(R * C);
  const p = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    let allowed = 0;
    for (let c = 0; c < C; c++) allowed += zeros[r * C + c] ? 0 : 1;
    for (let c = 0; c < C; c++) {
      if (zeros[r * C + c]) continue;
      free[r * C + c] = 1;
      p[r * C + c] = 1 / allowed;
    }
  }
  return { p, free };
}

/** The largest step in [0, 1] from p towards z keeping free cells ≥ 0, and the cell that blocks it. */
function stepToFirstBound(p: Float64Array, z: Float64Array, free: Uint8Array): { step: number; blocking: number } {
  let step = 1;
  let blocking = -1;
  for (let k = 0; k < p.length; k++) {
    if (!free[k] || z[k]! >= 0) continue;
    const t = p[k]! / (p[k]! - z[k]!);
    if (t < step) {
      step = t;
      blocking = k;
    }
  }
  return { step, blocking };
}

/** Gradient of the Lagrangian on fixed cells: (Hp − q)_k + λ_r; the most negative one, if below −tol. */
function mostNegativeMultiplier(f: TableQuadratic, p: Float64Array, lambda: Float64Array, free: Uint8Array): number {
  const { rows: R, cols: C, g, q, zeros } = f;
  let best = -1;
  let bestValue = -1e-10 * (1 + maxAbs(q));
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const k = r * C + c;
      if (free[k] || zeros[k]) continue;
      let hp = 0;
      for (let s = 0; s < R; s++) hp += 2 * g[r * R + s]! * p[s * C + c]!;
      const mu = hp - q[k]! + lambda[r]!;
      if (mu < bestValue) {
        bestValue = mu;
        best = k;
      }
    }
  }
  return best;
}

const maxAbs = (v: Float64Array): number => v.reduce((m, a) => Math.max(m, Math.abs(a)), 0);

type FreeSolution = { z: Float64Array; lambda: Float64Array } | null;

/** The equality-constrained step over the free cells: by columns (schurFreeCells), or whole when that fails (kktFreeCells). */
function solveFreeCells(f: TableQuadratic, free: Uint8Array): FreeSolution {
  return schurFreeCells(f, free) ?? kktFreeCells(f, free);
}

/** The ridge that keeps rows with no voters solvable: tiny beside G's diagonal. */
function ridgeOf(f: TableQuadratic): number {
  let diag = 0;
  for (let r = 0; r < f.rows; r++) diag = Math.max(diag, f.g[r * f.rows + r]!);
  return 1e-12 * (diag || 1);
}

/**
 * kktFreeCells's solution through the structure of H: it is block-diagonal by column (H_c = 2·G on
 * the column's free rows), so each block is solved alone, z_c = H_c⁻¹(q_c − λ), and the R row sums
 * give R equations in λ alone: (Σ_c E_c H_c⁻¹ E_cᵀ) λ = Σ_c E_c H_c⁻¹ q_c − 1. One R×R inverse
 * per column instead of a solve in R·C + R unknowns: with 21 × 21 options, ~0.2 M operations a step
 * instead of ~100 M. Null when a block or the system in λ is singular (the caller then solves whole).
 */
export function schurFreeCells(f: TableQuadratic, free: Uint8Array): FreeSolution {
  const { rows: R, cols: C, g, q } = f;
  const ridge = ridgeOf(f);
  const s = new Float64Array(R * R);
  const rhs = new Float64Array(R).fill(-1);
  const blocks: { rows: number[]; inv: Float64Array; invQ: Float64Array; c: number }[] = [];
  for (let c = 0; c < C; c++) {
    const rows: number[] = [];
    for (let r = 0; r < R; r++) if (free[r * C + c]) rows.push(r);
    const m = rows.length;
    if (m === 0) continue;
    const h = new Float64Array(m * m);
    rows.forEach((ri, i) => rows.forEach((rj, j) => (h[i * m + j] = 2 * g[ri * R + rj]! + (i === j ? ridge : 0))));
    const inv = invertRelative(h, m);
    if (!inv) return null;
    const invQ = new Float64Array(m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) invQ[i] = invQ[i]! + inv[i * m + j]! * q[rows[j]! * C + c]!;
    rows.forEach((ri, i) => {
      rhs[ri] = rhs[ri]! + invQ[i]!;
      rows.forEach((rj, j) => (s[ri * R + rj] = s[ri * R + rj]! + inv[i * m + j]!));
    });
    blocks.push({ rows, inv, invQ, c });
  }
  const lambda = solveDense(s, rhs, R);
  if (!lambda) return null;
  const z = new Float64Array(R * C);
  for (const { rows, inv, invQ, c } of blocks) {
    const m = rows.length;
    for (let i = 0; i < m; i++) {
      let v = invQ[i]!;
      for (let j = 0; j < m; j++) v -= inv[i * m + j]! * lambda[rows[j]!]!;
      z[rows[i]! * C + c] = v;
    }
  }
  return { z, lambda };
}

/**
 * Solves min ½zᵀHz − qᵀz over the free cells with Σ_c z_rc = 1 per row (fixed cells at 0), through the
 * KKT system [H_FF Aᵀ; A 0]·[z; λ] = [q; 1]. A tiny ridge keeps rows with no voters solvable.
 */
export function kktFreeCells(f: TableQuadratic, free: Uint8Array): FreeSolution {
  const { rows: R, cols: C, g, q } = f;
  const idx: number[] = [];
  for (let k = 0; k < R * C; k++) if (free[k]) idx.push(k);
  const nf = idx.length;
  const n = nf + R;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  const ridge = ridgeOf(f);
  for (let i = 0; i < nf; i++) {
    const ki = idx[i]!;
    const ri = Math.floor(ki / C);
    const ci = ki % C;
    for (let j = 0; j < nf; j++) {
      const kj = idx[j]!;
      if (kj % C !== ci) continue;
      a[i * n + j] = 2 * g[ri * R + Math.floor(kj / C)]! + (i === j ? ridge : 0);
    }
    a[i * n + nf + ri] = 1;
    a[(nf + ri) * n + i] = 1;
    b[i] = q[ki]!;
  }
  for (let r = 0; r < R; r++) b[nf + r] = 1;
  const sol = solveDense(a, b, n);
  if (!sol) return null;
  const z = new Float64Array(R * C);
  idx.forEach((k, i) => (z[k] = sol[i]!));
  return { z, lambda: sol.subarray(nf) };
}
