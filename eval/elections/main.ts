// npm run eval:elections (options: USAGE below, or --help)
// Scores every transfer estimator on synthetic elections with known truth and on the NZ 2002
// split-ticket districts (when ../shared/data is present): error index, share MAE, 95 % coverage,
// Winkler score and time.
import { existsSync } from 'node:fs';
import type { MdBayesOptions } from '../../src/elections/transfers/md-bayes/index';
import type { Estimand } from '../../src/elections/transfers/md-bayes/setup';
import { SYNTHETIC_SETS, syntheticCases } from './cases';
import { meanScores, score, type Scores } from './metrics';
import { methods } from './methods';
import { NZ_DIR, readNz, type KnownTruthCase } from './nz';
import { scriptArgs } from '../../scripts/args';

const USAGE = `usage: npm run eval:elections [-- --json] [--quick] [--districts N] [--seeds N] [--methods a,b] [--no-nz] [--no-synthetic]
  md-bayes settings: [--chains N] [--samples N] [--burnin N] [--lambda1 x] [--lambda2 x] [--estimand cross-table|unit-shares] [--covariate]
  methods: goodman, lp, md-bayes`;
const opt = scriptArgs(USAGE, {
  json: { type: 'boolean', default: false },
  quick: { type: 'boolean', default: false },
  districts: { type: 'string' },
  seeds: { type: 'string' },
  methods: { type: 'string' },
  'no-nz': { type: 'boolean', default: false },
  'no-synthetic': { type: 'boolean', default: false },
  samples: { type: 'string' },
  chains: { type: 'string' },
  burnin: { type: 'string' },
  lambda1: { type: 'string' },
  lambda2: { type: 'string' },
  estimand: { type: 'string' },
  covariate: { type: 'boolean', default: false },
});

const num = (v: string | undefined, d: number): number => (v === undefined ? d : Number(v));
const md: MdBayesOptions = {
  seed: 1,
  ...(opt.chains !== undefined && { chains: Number(opt.chains) }),
  // md-bayes's own defaults unless given; --quick: 300 of each.
  ...((opt.samples !== undefined || opt.quick) && { samples: num(opt.samples, 300) }),
  ...((opt.burnin !== undefined || opt.quick) && { burnin: num(opt.burnin, 300) }),
  ...(opt.lambda1 !== undefined && { lambda1: Number(opt.lambda1) }),
  ...(opt.lambda2 !== undefined && { lambda2: Number(opt.lambda2) }),
  ...(opt.estimand !== undefined && { estimand: opt.estimand as Estimand }),
  ...(opt.covariate && { covariate: true }),
};
const chosen = methods(md).filter((m) => !opt.methods || opt.methods.split(',').includes(m.name));

interface Group {
  readonly group: string;
  readonly cases: KnownTruthCase[];
}

function groups(): Group[] {
  const out: Group[] = [];
  const seeds = num(opt.seeds, opt.quick ? 1 : 3);
  if (!opt['no-synthetic']) for (const set of Object.keys(SYNTHETIC_SETS)) out.push({ group: `synthetic ${set}`, cases: syntheticCases(set, seeds) });
  if (!opt['no-nz']) {
    if (existsSync(new URL('units.csv', NZ_DIR))) out.push({ group: 'NZ 2002 districts', cases: readNz(num(opt.districts, opt.quick ? 8 : Infinity)) });
    else console.error(`NZ 2002 data not found at ${NZ_DIR.pathname}: skipped`);
  }
  return out;
}

const fmt = (v: number | null, d = 2): string => (v === null ? '—' : v.toFixed(d));

async function main(): Promise<void> {
  const report: { group: string; method: string; cases: number; scores: Scores; notConverged?: number }[] = [];
  for (const g of groups()) {
    for (const m of chosen) {
      const all: Scores[] = [];
      let notConverged = 0;
      for (const c of g.cases) {
        const t0 = performance.now();
        const result = await m.run(c.input);
        all.push(score(result, c.truth, (performance.now() - t0) / 1000));
        if (result.diagnostics.converged === false) notConverged++;
      }
      const row = { group: g.group, method: m.name, cases: g.cases.length, scores: meanScores(all), ...(m.name === 'md-bayes' && { notConverged }) };
      report.push(row);
      if (!opt.json) {
        const s = row.scores;
        console.log(
          `${g.group.padEnd(34)} ${m.name.padEnd(9)} n=${String(g.cases.length).padStart(2)}  EI ${fmt(s.ei).padStart(6)}  MAE ${fmt(s.mae, 4)}  cover ${fmt(s.coverage).padStart(4)}  Winkler ${fmt(s.winkler, 3).padStart(6)}  ${fmt(s.seconds, 1).padStart(6)} s` +
            (row.notConverged !== undefined ? `  not converged ${row.notConverged}/${g.cases.length}` : ''),
        );
      }
    }
  }
  if (opt.json) console.log(JSON.stringify({ mdBayes: md, machine: { cpus: (await import('node:os')).availableParallelism(), node: process.version }, report }, null, 2));
}

await main();
