import type { ChainSetup } from './setup';

/**
 * Fits each unit's table m_rc ∝ x_ir P_rc to the unit's two margins by iterative proportional fitting
 * (Deming & Stephan 1940), and adds it into acc.
 */
function fitUnit(s: ChainSetup, u: number, P: Float64Array, m: Float64Array, acc: Float64Array): void {
  const { rows: R, cols: C } = s;
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) m[r * C + c] = s.x[u * R + r]! * P[r * C + c]!;
  for (let pass = 0; pass < 10; pass++) {
    for (let c = 0; c < C; c++) {
      let col = 0;
      for (let r = 0; r < R; r++) col += m[r * C + c]!;
      const f = col > 0 ? s.y[u * C + c]! / col : 0;
      for (let r = 0; r < R; r++) m[r * C + c] = m[r * C + c]! * f;
    }
    for (let r = 0; r < R; r++) {
      let row = 0;
      for (let c = 0; c < C; c++) row += m[r * C + c]!;
      const f = row > 0 ? s.x[u * R + r]! / row : 0;
      for (let c = 0; c < C; c++) m[r * C + c] = m[r * C + c]! * f;
    }
  }
  for (let k = 0; k < R * C; k++) acc[k] = acc[k]! + m[k]!;
}

/**
 * A pooled transfer matrix to start the chains from: the EM algorithm for the homogeneous model (one
 * matrix P for all units), whose E-step is each unit's expected table given its margins, approximated
 * by iterative proportional fitting of x_ir P_rc (the "ecological EM" of e.g. Wittenberg et al. 2007).
 * Starting near the pooled solution spares the chains the long drift from an arbitrary table.
 */
export function pooledStart(s: ChainSetup, iterations = 30): Float64Array {
  const { rows: R, cols: C } = s;
  const RC = R * C;
  const P = new Float64Array(RC);
  for (let r = 0; r < R; r++) {
    const allowed = s.allowed.subarray(r * C, r * C + C).reduce((a, b) => a + b, 0);
    for (let c = 0; c < C; c++) P[r * C + c] = s.allowed[r * C + c]! / allowed;
  }
  const m = new Float64Array(RC);
  const acc = new Float64Array(RC);
  for (let it = 0; it < iterations; it++) {
    acc.fill(0);
    for (let u = 0; u < s.units; u++) fitUnit(s, u, P, m, acc);
    for (let r = 0; r < R; r++) {
      let row = 0;
      for (let c = 0; c < C; c++) row += acc[r * C + c]!;
      for (let c = 0; c < C; c++) P[r * C + c] = row > 0 ? acc[r * C + c]! / row : P[r * C + c]!;
    }
  }
  return P;
}
