import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../core/errors';
import { transferMethod } from '../elections/transfers/estimate';
import type { Electorate } from '../elections/transfers/prepare';
import type { TransferMethod, TransferResult } from '../elections/transfers/types';
import { positiveInt } from './listen';
import { out } from './context';
import type { PairFlags } from './elections-rounds';
import { analyseWithProgress, loadPair, notePair, pairOptions } from './elections-rounds';

interface TransferFlags extends PairFlags {
  method: string;
  seed?: number;
  electorate: Electorate;
  chains?: number;
  samples?: number;
  burnin?: number;
  lambda1?: number;
  lambda2?: number;
  perUnit?: boolean;
  json?: boolean;
}

const ELECTORATE = ['strict', 'new-exit', 'scale'] as const;

/**
 * `hustings elections transfers`: the R×C transfer matrix between two rounds. The --json output is a
 * stable contract for scripts: {method, rows, cols, matrix, ci95, votes, diagnostics}.
 */
export function registerTransfers(elections: Command): void {
  pairOptions(elections.command('transfers').description('estimate vote transfers between two rounds (ecological inference)'))
    .option('--method <method>', 'goodman | lp | md-bayes', 'lp')
    .option('--seed <n>', 'random seed of goodman\'s bootstrap and of md-bayes (same seed, same result; lp draws nothing at random)', positiveInt)
    .option('--electorate <mode>', 'units whose totals differ between rounds: strict (refuse) | new-exit (add new/exited voters) | scale', electorateArg, 'new-exit')
    .option('--chains <n>', 'md-bayes: chains, each in its own thread (default 4)', positiveInt)
    .option('--samples <n>', 'md-bayes: draws kept per chain', positiveInt)
    .option('--burnin <n>', 'md-bayes: draws discarded first, per chain', positiveInt)
    .option('--lambda1 <x>', 'md-bayes: shape of the Gamma hyperprior of α (default 1; eiPack: 4)', positiveNumber)
    .option('--lambda2 <x>', 'md-bayes: rate of the Gamma hyperprior of α (default 0.1; eiPack: 2)', positiveNumber)
    .option('--per-unit', 'one matrix per unit as well (lp: nslphom-style refinement; md-bayes: each unit\'s posterior mean), in --json as units: [{unit, matrix}]')
    .option('--json', 'print {method, rows, cols, matrix, ci95, votes, diagnostics} as JSON (and units with --per-unit)')
    .action(async (flags: TransferFlags, command: Command) => {
      const method = transferMethod(flags.method);
      if (flags.perUnit && method === 'goodman') throw new UsageError('--per-unit: goodman estimates one matrix for all units; per-unit matrices come from --method lp or md-bayes');
      checkMethodFlags(method, flags);
      const [from, to] = await loadPair(command, flags);
      const options = { method, seed: flags.seed, chains: flags.chains, samples: flags.samples, burnin: flags.burnin, lambda1: flags.lambda1, lambda2: flags.lambda2, perUnit: flags.perUnit, electorate: flags.electorate };
      const { result, matching, units } = await analyseWithProgress(from, to, options, flags);
      notePair(result, matching);
      const perUnit = flags.perUnit ? perUnitMatrices(result, units) : undefined;
      if (flags.json) out(JSON.stringify({ ...contract(result, matching), ...(perUnit && { units: perUnit }) }));
      else {
        printMatrix(result);
        if (perUnit) out(`and one matrix for each of ${perUnit.length.toLocaleString('en')} units: --json gives them (units[].matrix, rows and columns as above)`);
      }
    });
}

const MD_BAYES_FLAGS = [['chains', '--chains'], ['samples', '--samples'], ['burnin', '--burnin'], ['lambda1', '--lambda1'], ['lambda2', '--lambda2']] as const;

/** An option the chosen method does not use is refused, not silently ignored. */
function checkMethodFlags(method: TransferMethod, flags: TransferFlags): void {
  const unused = method === 'md-bayes' ? undefined : MD_BAYES_FLAGS.find(([key]) => flags[key] !== undefined);
  if (unused) throw new UsageError(`${unused[1]}: only md-bayes samples chains, and --method is ${method}; give --method md-bayes or leave ${unused[1]} out`);
  // --seed stays accepted with every method: the CLI contract (docs/elections.md) gives it beside any --method; lp simply draws nothing.
}

/** Each unit's own matrix, by unit code, in the order the estimate took them. */
function perUnitMatrices(r: TransferResult, units: readonly string[]): { unit: string; matrix: readonly (readonly number[])[] }[] {
  return units.map((unit, i) => ({ unit, matrix: r.unitMatrices?.[i] ?? r.matrix }));
}

function positiveNumber(value: string): number {
  const x = Number(value);
  if (!(x > 0) || !Number.isFinite(x)) throw new InvalidArgumentError(`expected a positive number, found "${value}"`);
  return x;
}

function electorateArg(value: string): Electorate {
  if ((ELECTORATE as readonly string[]).includes(value)) return value as Electorate;
  throw new InvalidArgumentError(`expected one of ${ELECTORATE.join(', ')}, found "${value}"`);
}

/** The JSON contract; per-unit matrices are left out (they can be large). */
function contract(r: TransferResult, matching: object) {
  return { method: r.method, rows: r.rows, cols: r.cols, matrix: r.matrix, ci95: r.ci95, votes: r.votes, diagnostics: { ...r.diagnostics, matching } };
}

function printMatrix(r: TransferResult): void {
  const width = Math.max(8, ...r.rows.map((x) => x.length)) + 2;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(8);
  out(`${r.method}: share of each first-round option (rows) going to each second-round option (columns)`);
  out(`${''.padEnd(width)}${r.cols.map((c) => c.slice(0, 12).padStart(13)).join('')}`);
  r.rows.forEach((row, i) => {
    const cells = r.cols.map((_, j) => {
      const ci = r.ci95?.[i]?.[j];
      return `${pct(r.matrix[i]![j]!)}${ci ? ` ±${((50 * (ci[1] - ci[0])) | 0).toString().padStart(2)}` : '    '}`.padStart(13);
    });
    out(`${row.padEnd(width)}${cells.join('')}`);
  });
  if (r.ci95) out('± is half the width of the 95 % interval, in points.');
}
