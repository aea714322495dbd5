/**
 * Speed of the vote-transfer estimators on 10,000 polling stations × 8 × 6 options (seeded synthetic
 * data, src/core/random.ts): goodman (goal < 100 ms), with its default bootstrap ci95 and without, against
 * plain unconstrained weighted least squares,
 * and lp (goal < 1 s) against the same least-absolute-deviations simplex started cold (no start from a
 * subsample), each the median of several runs after a warm-up; then one lp refinement (nslphom, one
 * matrix per unit), timed once. Run alone: node --import tsx bench/elections/speed.ts
 */
import { pathToFileURL } from 'node:url';
import { solveDense, zeroMask } from '../../src/elections/transfers/dense';
import { goodman } from '../../src/elections/transfers/goodman';
import { solveLad } from '../../src/elections/transfers/lad-simplex';
import { lp } from '../../src/elections/transfers/lp';
import type { TransferInput } from '../../src/elections/transfers/types';
import { speedData } from './speed-data';

const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Median wall time (ms) of `runs` calls after one warm-up, and the CPU time of the median-order run. */
function time<T>(f: () => T, runs = RUNS): { ms: number; cpuMs: number; last: T } {
  let last = f();
  const samples: { ms: number; cpuMs: number }[] = [];
  for (let k = 0; k < runs; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    last = f();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    samples.push({ ms, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  samples.sort((a, b) => a.ms - b.ms);
  return { ...samples[Math.floor(samples.length / 2)]!, last };
}

/** Baseline for goodman: unconstrained weighted least squares (normal equations, one solve per column). */
function unconstrainedLeastSquares(input: TransferInput): number[][] {
  const R = input.rows.length;
  const C = input.cols.length;
  const g = new Float64Array(R * R);
  const h = new Float64Array(R * C);
  input.x.forEach((xi, i) => {
    const n = xi.reduce((a, b) => a + b, 0);
    for (let r = 0; r < R; r++) {
      for (let s = 0; s < R; s++) g[r * R + s] = g[r * R + s]! + (xi[r]! * xi[s]!) / n;
      for (let c = 0; c < C; c++) h[r * C + c] = h[r * C + c]! + (xi[r]! * input.y[i]![c]!) / n;
    }
  });
  const cols = Array.from({ length: C }, (_, c) => solveDense(Float64Array.from(g), Float64Array.from({ length: R }, (_, r) => h[r * C + c]!), R)!);
  return Array.from({ length: R }, (_, r) => cols.map((col) => col[r]!));
}

/** Baseline for lp: the same simplex on all units from the cold start vertex (every row in column 1). */
function coldLad(input: TransferInput): { objective: number; iterations: number } {
  const R = input.rows.length;
  const C = input.cols.length;
  const x = Float64Array.from(input.x.flat());
  const y = Float64Array.from(input.y.flat());
  const sol = solveLad({ units: input.x.length, rows: R, cols: C, x, y, zeros: zeroMask(R, C), start: Array.from({ length: R }, () => 0) });
  return { objective: sol.objective, iterations: sol.iterations };
}

const meanAbsError = (m: readonly (readonly number[])[], truth: readonly (readonly number[])[]): number =>
  m.flat().reduce((s, v, k) => s + Math.abs(v - truth.flat()[k]!), 0) / m.flat().length;

const fmt = (v: number): string => v.toFixed(v < 10 ? 1 : 0);

export async function runSpeedBench(): Promise<void> {
  const { input, truth } = speedData(2017, UNITS, 8, 6);
  const g = time(() => goodman(input));
  const gPoint = time(() => goodman(input, { replicates: 0 }));
  const gBase = time(() => unconstrainedLeastSquares(input));
  const l = time(() => lp(input));
  const lBase = time(() => coldLad(input), Math.min(RUNS, 3));
  const refineStart = performance.now();
  const refined = lp(input, { refine: true });
  const refineMs = performance.now() - refineStart;
  const lpObjective = l.last.diagnostics.objective as number;
  const rows = [
    ['method', 'median ms', 'cpu ms', 'goal ms', 'meets', 'baseline', 'baseline ms', 'ratio', 'MAE vs truth'],
    ['goodman + ci95', fmt(g.ms), fmt(g.cpuMs), '100', g.ms < 100 ? 'yes' : 'NO', 'unconstrained WLS', fmt(gBase.ms), (g.ms / gBase.ms).toFixed(2), meanAbsError(g.last.matrix, truth).toFixed(4)],
    ['goodman, no ci', fmt(gPoint.ms), fmt(gPoint.cpuMs), '100', gPoint.ms < 100 ? 'yes' : 'NO', 'unconstrained WLS', fmt(gBase.ms), (gPoint.ms / gBase.ms).toFixed(2), meanAbsError(gPoint.last.matrix, truth).toFixed(4)],
    ['lp', fmt(l.ms), fmt(l.cpuMs), '1000', l.ms < 1000 ? 'yes' : 'NO', 'same LP, cold start', fmt(lBase.ms), (l.ms / lBase.ms).toFixed(2), meanAbsError(l.last.matrix, truth).toFixed(4)],
    ['lp + refine', fmt(refineMs), '', '', '', '(one run)', '', '', meanAbsError(refined.matrix, truth).toFixed(4)],
  ];
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  process.stdout.write(`vote transfers, ${UNITS.toLocaleString('en')} units × 8 × 6 options (median of ${RUNS} after a warm-up)\n`);
  for (const r of rows) process.stdout.write(r.map((v, k) => v.padEnd(widths[k]!)).join('  ') + '\n');
  const same = Math.abs(lpObjective - lBase.last.objective) <= 1e-6 * Math.max(1, lpObjective);
  process.stdout.write(
    `lp: ${String(l.last.diagnostics.status)}, objective ${lpObjective.toFixed(1)} (cold start: ${lBase.last.objective.toFixed(1)}, ${same ? 'same' : 'DIFFERENT'}), ` +
      `steps per level ${JSON.stringify(l.last.diagnostics.levels)}, cold ${lBase.last.iterations} steps; ` +
      `refinement: ${JSON.stringify((refined.diagnostics.refinement as { rounds: number }).rounds)} rounds\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSpeedBench();
