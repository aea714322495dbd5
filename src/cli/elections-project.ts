import type { Command } from 'commander';
import { UsageError } from '../core/errors';
import { readJsonFile } from '../core/input';
import { projectPair } from '../elections/analysis';
import { KIND_KEYS } from '../elections/formats/kinds';
import type { RoundResults } from '../elections/formats/types';
import { alignRows, parseMatrixFile } from '../elections/projection/matrix-file';
import type { Projection } from '../elections/projection/project';
import { projectSecondRound } from '../elections/projection/project';
import { transferMethod } from '../elections/transfers/estimate';
import { EXITED_VOTERS } from '../elections/transfers/prepare';
import { out } from './context';
import type { PairFlags } from './elections-rounds';
import { analyseWithProgress, loadFirst, loadPair, notePair, roundSourceOptions } from './elections-rounds';
import { positiveInt } from './listen';

interface ProjectFlags extends Omit<PairFlags, 'to'> {
  to?: string;
  matrix?: string;
  method: string;
  seed?: number;
  json?: boolean;
}

/** The columns of a matrix that are not choices, by their exact keys (a candidate may be called BLANC or NUL…). */
const NOT_A_CHOICE = new Set([...Object.values(KIND_KEYS), EXITED_VOTERS].map((k) => k.toLowerCase()));
const isChoice = (column: string): boolean => !NOT_A_CHOICE.has(column.trim().toLowerCase());

/** `elections project`: the second round from a first round and a matrix — estimated on the same pair, or given. */
export function registerProject(elections: Command): void {
  roundSourceOptions(
    elections
      .command('project')
      .description('project a second round per unit and in total, with intervals: from a first round and a transfer matrix (--matrix FILE.json, e.g. an earlier election\'s `transfers --json`), or estimated on --from/--to and shown beside the actual second round')
      .requiredOption('--from <file|round>', 'the first round: a results file, or a round number with --election')
      .option('--to <file|round>', 'the actual second round, to estimate the matrix on and compare with')
      .option('--matrix <file.json>', 'a transfer matrix {rows, cols, matrix, ci95?}: rows are the first round\'s option keys'),
  )
    .option('--method <method>', 'with --to: goodman | lp | md-bayes', 'lp')
    .option('--seed <n>', 'seed of the simulated intervals (and of md-bayes)', positiveInt)
    .option('--json', 'print JSON: {cols, total, units, draws, method}')
    .option('--no-progress', 'no progress bar (md-bayes)')
    .action(async (flags: ProjectFlags, command: Command) => {
      if (!flags.matrix === !flags.to) throw new UsageError('elections project: give either --to (estimate the matrix on two rounds) or --matrix FILE.json (project with a given matrix)');
      if (flags.matrix && command.getOptionValueSource('method') === 'cli') throw new UsageError('--method: with --matrix the matrix is given, not estimated; --method goes with --to');
      const p = flags.matrix ? await withMatrix(await loadFirst(command, flags), flags.matrix, flags.seed ?? 1) : await onPair(command, flags);
      if (flags.json) return out(JSON.stringify(p));
      printProjection(p);
    });
}

async function onPair(command: Command, flags: ProjectFlags) {
  const [first, second] = await loadPair(command, { ...flags, to: flags.to! });
  const a = await analyseWithProgress(first, second, { method: transferMethod(flags.method), seed: flags.seed, perUnit: true }, flags);
  notePair(a.result, a.matching);
  return { ...projectPair(a, flags.seed ?? 1), matching: a.matching };
}

async function withMatrix(first: RoundResults, path: string, seed: number): Promise<Projection> {
  const m = parseMatrixFile(await readJsonFile(path, 'a transfer matrix'), path);
  const at = alignRows(m, first.options.map((o) => o.key), path);
  const x = first.units.map((u) => {
    const row = new Array<number>(m.rows.length).fill(0);
    u.counts.forEach((v, k) => (row[at[k]!]! += v));
    return row;
  });
  return projectSecondRound({ units: first.units.map((u) => u.code), x, cols: m.cols, matrix: m.matrix, ci95: m.ci95 ?? null, counted: m.cols.map(isChoice), seed });
}

function printProjection(p: Projection & { actual?: { total: number[] } }): void {
  const counted = p.cols.map((_, c) => p.total.share[c]! > 0 || p.total.shareHi[c]! > 0);
  const actual = p.actual ? p.actual.total.reduce((s, v, c) => s + (counted[c] ? v : 0), 0) : 0;
  const k = (x: number) => Math.round(x).toLocaleString('en');
  const pc = (x: number) => `${(100 * x).toFixed(1)} %`;
  out(`projection of ${p.units.length} units (${p.method})`);
  p.cols.forEach((col, c) => {
    const share = counted[c] ? `  share ${pc(p.total.share[c]!)} (${pc(p.total.shareLo[c]!)}–${pc(p.total.shareHi[c]!)}), first in ${p.units.filter((u) => u.winProbability[c]! > 0.5).length} units` : '';
    const seen = p.actual && counted[c] && actual > 0 ? `, actual ${pc(p.actual.total[c]! / actual)}` : '';
    out(`${col.padEnd(28)} ${k(p.total.votes[c]!)} votes (${k(p.total.lo[c]!)}–${k(p.total.hi[c]!)})${share}${seen}`);
  });
}
