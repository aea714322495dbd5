// npm run bench:elections (options: USAGE below, or --help)
// md-bayes side by side with R's eiPack::ei.MD.bayes (its defaults, see eipack.R) on the NZ 2002
// districts and the synthetic sets of the evaluation harness: EI, coverage, Winkler score, time, and
// time per effective draw; then the other transfer benchmarks (speed.ts) when present.
// --eipack-burnin / --eipack-sample run eiPack longer than its defaults (to see where its chain
// settles); --sets picks synthetic sets by name, --no-nz leaves the NZ districts out.
import { existsSync } from 'node:fs';
import { mdBayes } from '../../src/elections/transfers/md-bayes/index';
import { SYNTHETIC_SETS, syntheticCases } from '../../eval/elections/cases';
import { meanScores, score, type Scores } from '../../eval/elections/metrics';
import { NZ_DIR, readNz, type KnownTruthCase } from '../../eval/elections/nz';
import { ensureEiPack, runEiPack } from './eipack';
import { scriptArgs } from '../../scripts/args';

const USAGE = 'usage: npm run bench:elections [-- --districts N] [--seeds N] [--sets a,b] [--no-nz] [--eipack-burnin N] [--eipack-sample N] [--json]';
const opt = scriptArgs(USAGE, {
  districts: { type: 'string' },
  seeds: { type: 'string' },
  sets: { type: 'string' },
  'no-nz': { type: 'boolean', default: false },
  'eipack-burnin': { type: 'string' },
  'eipack-sample': { type: 'string' },
  json: { type: 'boolean', default: false },
});

function count(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive whole number, found "${v}"`);
  return n;
}
const eipackLength = { burnin: count('eipack-burnin', opt['eipack-burnin']), sample: count('eipack-sample', opt['eipack-sample']) };

interface Side {
  readonly scores: Scores[];
  readonly secPerEss: number[];
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;

async function mdSide(cases: readonly KnownTruthCase[]): Promise<Side> {
  const side: Side = { scores: [], secPerEss: [] };
  for (const c of cases) {
    const t0 = performance.now();
    const r = await mdBayes(c.input, { seed: 1 });
    const sec = (performance.now() - t0) / 1000;
    side.scores.push(score(r, c.truth, sec));
    const ess = (r.diagnostics.ess as (number | null)[][]).flat().filter((v): v is number => v !== null);
    side.secPerEss.push(sec / median(ess));
  }
  return side;
}

function eiSide(cases: readonly KnownTruthCase[]): Side {
  const runs = runEiPack(cases, eipackLength);
  return { scores: runs.map((r, k) => score(r.result, cases[k]!.truth, r.seconds)), secPerEss: runs.map((r) => r.seconds / r.medianEss) };
}

const f = (v: number | null, d = 2): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));

async function main(): Promise<void> {
  const eipack = ensureEiPack();
  const groups: [string, KnownTruthCase[]][] = [];
  const seeds = Number(opt.seeds ?? 2);
  const sets = opt.sets?.split(',') ?? Object.keys(SYNTHETIC_SETS);
  const unknown = sets.filter((s) => !(s in SYNTHETIC_SETS));
  if (unknown.length) throw new Error(`--sets: unknown set ${unknown.join(', ')}; expected some of ${Object.keys(SYNTHETIC_SETS).join(', ')}`);
  for (const set of sets) groups.push([`synthetic ${set}`, syntheticCases(set, seeds)]);
  if (!opt['no-nz'] && existsSync(new URL('units.csv', NZ_DIR))) groups.push(['NZ 2002 districts', readNz(Number(opt.districts ?? Infinity))]);
  const out = [];
  for (const [name, cases] of groups) {
    const md = await mdSide(cases);
    const ei = eipack ? eiSide(cases) : null;
    const m = meanScores(md.scores);
    const e = ei ? meanScores(ei.scores) : null;
    const perEss = { md: median(md.secPerEss), eipack: ei ? median(ei.secPerEss) : null };
    out.push({ group: name, cases: cases.length, mdBayes: m, eiPack: e, ...(eipackLength.burnin !== undefined || eipackLength.sample !== undefined ? { eiPackLength: eipackLength } : {}), secondsPerEffectiveDraw: perEss });
    if (opt.json) continue;
    console.log(`\n${name} (${cases.length} cases)            md-bayes    eiPack   md/eiPack`);
    const line = (label: string, a: number | null, b: number | null | undefined, d = 2): void =>
      console.log(`  ${label.padEnd(30)} ${f(a, d).padStart(9)} ${f(b ?? null, d).padStart(9)} ${f(a !== null && b ? a / b : null).padStart(9)}`);
    line('error index EI', m.ei, e?.ei);
    line('95 % coverage', m.coverage, e?.coverage);
    line('mean Winkler score', m.winkler, e?.winkler, 3);
    line('time, s (all cases)', m.seconds, e?.seconds, 1);
    line('time per effective draw, ms', perEss.md * 1000, perEss.eipack === null ? null : perEss.eipack * 1000, 2);
  }
  if (opt.json) console.log(JSON.stringify(out, null, 2));
  const speed = new URL('./speed.ts', import.meta.url);
  if (existsSync(speed)) {
    const mod = (await import(speed.href)) as { runSpeedBench?: () => unknown };
    if (typeof mod.runSpeedBench === 'function') await mod.runSpeedBench();
  }
}

await main();
