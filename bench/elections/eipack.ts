import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkEss } from '../../src/core/mcmc';
import type { TransferResult } from '../../src/elections/transfers/types';
import type { KnownTruthCase } from '../../eval/elections/nz';

const R_SCRIPT = new URL('./eipack.R', import.meta.url).pathname;

function hasEiPack(): boolean {
  return spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(eiPack))'], { stdio: 'ignore' }).status === 0;
}

/** Makes sure R and eiPack are there: installs Debian's r-cran-eipack when missing and running as root. */
export function ensureEiPack(): boolean {
  if (hasEiPack()) return true;
  if (process.getuid?.() !== 0) {
    console.error('eiPack is not installed and this is not root: run `apt-get install -y r-cran-eipack` (Debian) to compare with it');
    return false;
  }
  console.error('installing r-cran-eipack with apt-get …');
  const r = spawnSync('apt-get', ['install', '-y', 'r-cran-eipack'], { stdio: 'inherit' });
  if (r.status !== 0 || !hasEiPack()) {
    console.error('apt-get could not install r-cran-eipack: eiPack left out');
    return false;
  }
  return true;
}

export interface EiPackRun {
  readonly result: TransferResult;
  readonly seconds: number;
  /** Median and smallest bulk ESS over the cells of the single chain. */
  readonly medianEss: number;
  readonly minEss: number;
}

function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
}

function toResult(c: KnownTruthCase, draws: number[][]): { result: TransferResult; ess: number[] } {
  const R = c.input.rows.length;
  const C = c.input.cols.length;
  const rowTotal = Array.from({ length: R }, (_, r) => c.input.x.reduce((s, x) => s + x[r]!, 0));
  const ess: number[] = [];
  const cell = (r: number, c2: number): { mean: number; ci: [number, number] } => {
    const v = draws.map((d) => (rowTotal[r]! > 0 ? d[r * C + c2]! / rowTotal[r]! : 0));
    const e = bulkEss([v]);
    if (Number.isFinite(e)) ess.push(e);
    const sorted = [...v].sort((a, b) => a - b);
    return { mean: v.reduce((a, b) => a + b, 0) / v.length, ci: [quantile(sorted, 0.025), quantile(sorted, 0.975)] };
  };
  const cells = Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c2) => cell(r, c2)));
  const matrix = cells.map((row) => row.map((x) => x.mean));
  const result: TransferResult = {
    method: 'md-bayes',
    rows: c.input.rows,
    cols: c.input.cols,
    matrix,
    ci95: cells.map((row) => row.map((x) => x.ci)),
    votes: matrix.map((row, r) => row.map((v) => v * rowTotal[r]!)),
    diagnostics: { source: 'eiPack::ei.MD.bayes' },
  };
  return { result, ess };
}

/** How long ei.MD.bayes runs: its defaults (1,000 and 1,000) unless given. */
export interface EiPackLength {
  readonly burnin?: number | undefined;
  readonly sample?: number | undefined;
}

/** Runs ei.MD.bayes (with its defaults, unless `length` says otherwise) on every case in one R process; draws come back through CSV files. */
export function runEiPack(cases: readonly KnownTruthCase[], length: EiPackLength = {}): EiPackRun[] {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-eipack-'));
  const files = cases.map((c, k) => {
    const R = c.input.rows.length;
    const C = c.input.cols.length;
    const head = [...Array.from({ length: R }, (_, r) => `x${r + 1}`), ...Array.from({ length: C }, (_, j) => `y${j + 1}`)].join(',');
    const body = c.input.x.map((x, i) => [...x, ...c.input.y[i]!].join(',')).join('\n');
    const file = join(dir, `case${k}.csv`);
    writeFileSync(file, `${head}\n${body}\n`);
    return file;
  });
  const env = { ...process.env, ...(length.burnin !== undefined && { EIPACK_BURNIN: String(length.burnin) }), ...(length.sample !== undefined && { EIPACK_SAMPLE: String(length.sample) }) };
  execFileSync('Rscript', [R_SCRIPT, dir, ...files], { stdio: ['ignore', 'ignore', 'inherit'], env });
  return cases.map((c, k) => {
    const base = join(dir, `case${k}`);
    const draws = readFileSync(`${base}.draws.csv`, 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));
    const { result, ess } = toResult(c, draws);
    ess.sort((a, b) => a - b);
    return { result, seconds: Number(readFileSync(`${base}.time`, 'utf8')), medianEss: quantile(ess, 0.5), minEss: ess[0] ?? Number.NaN };
  });
}
