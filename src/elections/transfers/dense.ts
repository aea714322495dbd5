/**
 * Small dense linear algebra for the transfer estimators: systems of a few dozen unknowns
 * (R·C cells), solved many times, where a library would cost more than it saves.
 */

/**
 * Solves A·z = b in place by Gaussian elimination with partial pivoting (A is n×n, row-major).
 * Returns null when A is singular to working precision. A and b are overwritten.
 */
export function solveDense(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  let scale = 0;
  for (let k = 0; k < n * n; k++) scale = Math.max(scale, Math.abs(a[k]!));
  const tiny = scale * 1e-13;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[piv * n + col]!)) piv = r;
    if (!(Math.abs(a[piv * n + col]!) > tiny)) return null;
    if (piv !== col) swapRows(a, b, n, piv, col);
    const inv = 1 / a[col * n + col]!;
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col]! * inv;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k] = a[r * n + k]! - f * a[col * n + k]!;
      b[r] = b[r]! - f * b[col]!;
    }
  }
  const z = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r * n + k]! * z[k]!;
    z[r] = s / a[r * n + r]!;
  }
  return z;
}

function swapRows(a: Float64Array, b: Float64Array, n: number, i: number, j: number): void {
  for (let k = 0; k < n; k++) {
    const t = a[i * n + k]!;
    a[i * n + k] = a[j * n + k]!;
    a[j * n + k] = t;
  }
  const t = b[i]!;
  b[i] = b[j]!;
  b[j] = t;
}

/**
 * The inverse of the n×n row-major matrix A (Gauss–Jordan, partial pivoting), or null if singular:
 * a pivot below `tiny(scale)`, scale being A's largest entry.
 */
function gaussJordan(a: Float64Array, n: number, tiny: (scale: number) => number): Float64Array | null {
  let scale = 0;
  for (let k = 0; k < n * n; k++) scale = Math.max(scale, Math.abs(a[k]!));
  const limit = tiny(scale);
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let k = 0; k < n; k++) inv[k * n + k] = 1;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[piv * n + col]!)) piv = r;
    const p = m[piv * n + col]!;
    if (!(Math.abs(p) >= limit) || !Number.isFinite(p)) return null;
    if (piv !== col) {
      swapMatrixRows(m, n, piv, col);
      swapMatrixRows(inv, n, piv, col);
    }
    eliminate(m, inv, n, col);
  }
  return inv;
}

function swapMatrixRows(m: Float64Array, n: number, i: number, j: number): void {
  for (let k = 0; k < n; k++) {
    const t = m[i * n + k]!;
    m[i * n + k] = m[j * n + k]!;
    m[j * n + k] = t;
  }
}

/** Scales row `col` to a unit pivot and clears its column from every other row, in m and alike in inv. */
function eliminate(m: Float64Array, inv: Float64Array, n: number, col: number): void {
  const s = 1 / m[col * n + col]!;
  for (let k = 0; k < n; k++) {
    m[col * n + k] = m[col * n + k]! * s;
    inv[col * n + k] = inv[col * n + k]! * s;
  }
  for (let r = 0; r < n; r++) {
    const f = m[r * n + col]!;
    if (r === col || f === 0) continue;
    for (let k = 0; k < n; k++) {
      m[r * n + k] = m[r * n + k]! - f * m[col * n + k]!;
      inv[r * n + k] = inv[r * n + k]! - f * inv[col * n + k]!;
    }
  }
}

/** The inverse of the n×n row-major matrix A, or null if a pivot vanishes (below 1e-300). */
export function invertDense(a: Float64Array, n: number): Float64Array | null {
  return gaussJordan(a, n, () => 1e-300);
}

/** The inverse of A, or null when a pivot is below 1e-13 of A's largest entry (singular for all purposes, as solveDense judges). */
export function invertRelative(a: Float64Array, n: number): Float64Array | null {
  return gaussJordan(a, n, (scale) => scale * 1e-13);
}

/** Which cells [r][c] of an R×C table are structural zeros. */
export function zeroMask(rows: number, cols: number, zeros: readonly (readonly [number, number])[] = []): Uint8Array {
  const mask = new Uint8Array(rows * cols);
  for (const [r, c] of zeros) mask[r * cols + c] = 1;
  return mask;
}

/** A flat R·C vector as an R×C array of arrays. */
export function toMatrix(v: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => v[r * cols + c]!));
}
