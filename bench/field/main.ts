// npm run bench:field [-- --json]   (env: BENCH_ADDRESSES=100000, BENCH_SEED=1, BENCH_WALKS=9 300-door
//   turfs timed, BENCH_SMALL=600 instances of 4–9 doors, BENCH_RUNS=3 runs of each cut, the fastest kept)
// Cuts a synthetic town (src/field/synthetic/town.ts) into turfs of 60 doors, side by side with a
// naive grid-cell cutter walked by nearest neighbour; times walk order on 300-door turfs against nearest
// neighbour alone; measures the gap to the exact optimum on turfs of 4–9 doors. Wall and CPU times:
// CPU time is the fairer figure when other work shares the machine (load average printed).
import { cpus, loadavg } from 'node:os';
import { syntheticTown } from '../../src/field/synthetic/town';
import type { Town, TownAddress } from '../../src/field/synthetic/town';
import { cutTurfs } from '../../src/field/turfs/cut';
import type { Sides } from '../../src/field/turfs/walk';
import { gridTurfs } from './baseline';
import { bigTurfs, longSearchGap, median, smallGaps, smallTurfs, timeBigWalks, timed } from './walks';
import type { BigWalks, LongSearchGap, SmallGaps } from './walks';
import { scriptArgs } from '../../scripts/args';

const opt = scriptArgs('usage: npm run bench:field [-- --json]   (env: BENCH_ADDRESSES, BENCH_SEED, BENCH_WALKS)', { json: { type: 'boolean', default: false } });
const ADDRESSES = Number(process.env.BENCH_ADDRESSES ?? 100_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const WALKS = Number(process.env.BENCH_WALKS ?? 9);
const SMALL = Number(process.env.BENCH_SMALL ?? 600);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET = 60;
const GOAL = { cutSeconds: 5, within: 0.9, walk300Ms: 100, gap: 0.05 };

interface CutSide {
  readonly method: string;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly turfs: number;
  readonly within: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly metresPerDoor: number;
}

function sizes(method: string, t: { ms: number; cpuMs: number }, turfs: readonly { doors: number; metres: number }[]): CutSide {
  const doors = turfs.map((x) => x.doors);
  const total = doors.reduce((s, d) => s + d, 0);
  return {
    method,
    seconds: t.ms / 1000,
    cpuSeconds: t.cpuMs / 1000,
    turfs: turfs.length,
    within: doors.filter((d) => Math.abs(d - TARGET) <= 0.25 * TARGET).length / turfs.length,
    min: Math.min(...doors),
    median: median(doors),
    max: Math.max(...doors),
    metresPerDoor: turfs.reduce((s, x) => s + x.metres, 0) / total,
  };
}

/** The fastest of RUNS runs, wall and CPU time each (other work on the machine only ever slows a run). */
function fastest<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const runs = Array.from({ length: RUNS }, () => timed(fn));
  return { value: runs[0]!.value, ms: Math.min(...runs.map((r) => r.ms)), cpuMs: Math.min(...runs.map((r) => r.cpuMs)) };
}

/** The cuts side by side, and a sample of the zig-zag cut's turfs (every 15th) for the walk-quality check. */
function cuts(town: Town): { sides: CutSide[]; sample: TownAddress[][] } {
  const out: CutSide[] = [];
  let sample: TownAddress[][] = [];
  const byId = new Map(town.addresses.map((a) => [a.id, a]));
  for (const sides of ['zig-zag', 'round-trip'] as Sides[]) {
    process.stderr.write(`cutTurfs (${sides})…\n`);
    const run = fastest(() => cutTurfs(town.addresses, { target: TARGET, sides }));
    out.push(sizes(`cutTurfs ${sides}`, run, run.value.turfs));
    if (sides === 'zig-zag') sample = run.value.turfs.filter((_, i) => i % 15 === 0).map((t) => t.addressIds.map((id) => byId.get(id)!));
  }
  process.stderr.write('grid baseline…\n');
  const grid = fastest(() => gridTurfs(town.addresses, TARGET));
  out.push(sizes('grid + nearest neighbour', grid, grid.value));
  return { sides: out, sample };
}

const f = (v: number, d = 2): string => (Number.isFinite(v) ? v.toFixed(d) : '—');
const pct = (v: number, d = 1): string => `${(100 * v).toFixed(d)} %`;
const ok = (pass: boolean): string => (pass ? 'ok' : 'MISSED');

function printCuts(town: Town, generation: { ms: number }, sides: CutSide[]): void {
  const doors = town.addresses.reduce((s, a) => s + a.doors, 0);
  const blocks = new Set(town.addresses.map((a) => a.block)).size;
  console.log(`\nfield turfs: synthetic town of ${town.addresses.length.toLocaleString('en')} addresses, ${doors.toLocaleString('en')} doors, ${blocks} blocks, ${town.stations.length} stations (seed ${SEED}, generated in ${f(generation.ms / 1000, 1)} s)`);
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  console.log(`\ncut into turfs of ${TARGET} doors (best of ${RUNS})  wall s   CPU s   turfs  ±25 %     min  median  max   walk m/door`);
  for (const s of sides) {
    console.log(`  ${s.method.padEnd(30)} ${f(s.seconds).padStart(7)} ${f(s.cpuSeconds).padStart(7)} ${String(s.turfs).padStart(7)} ${pct(s.within).padStart(7)} ${String(s.min).padStart(6)} ${String(s.median).padStart(7)} ${String(s.max).padStart(5)} ${f(s.metresPerDoor, 1).padStart(10)}`);
  }
  const [ours, , grid] = sides as [CutSide, CutSide, CutSide];
  console.log(`  cutTurfs / grid: time ${f(ours.seconds / grid.seconds)}×, share within ±25 % ${f(ours.within / grid.within)}×, walk per door ${f(ours.metresPerDoor / grid.metresPerDoor)}×`);
  const time = town.addresses.length === 100_000 ? `${ok(ours.seconds <= GOAL.cutSeconds)} (CPU time ${ok(ours.cpuSeconds <= GOAL.cutSeconds)})` : 'not measured at this size';
  console.log(`  goals: ≤ ${GOAL.cutSeconds} s for 100,000 addresses: ${time};  ≥ 90 % within ±25 %: ${ok(ours.within >= GOAL.within)}`);
}

function printWalks(big: BigWalks[], small: SmallGaps[], long: LongSearchGap[]): void {
  console.log(`\nwalk order, 300-door turfs       median ms  CPU ms   max ms   NN-only ms  length vs NN-only`);
  for (const b of big) console.log(`  ${b.sides.padEnd(30)} ${f(b.medianMs, 1).padStart(9)} ${f(b.medianCpuMs, 1).padStart(7)} ${f(b.maxMs, 1).padStart(8)} ${f(b.baselineMedianMs, 1).padStart(12)} ${f(b.lengthVsBaseline, 3).padStart(12)}`);
  console.log(`  goal ≤ ${GOAL.walk300Ms} ms: ${big.map((b) => `${b.sides} ${ok(b.medianMs <= GOAL.walk300Ms)}`).join(', ')}`);
  console.log(`\ngap to the optimum, 4–9 doors    instances  mean gap  worst gap  optimal   NN-only mean  NN-only worst`);
  for (const s of small) console.log(`  ${s.sides.padEnd(30)} ${String(s.instances).padStart(9)} ${pct(s.meanGap, 2).padStart(9)} ${pct(s.worstGap, 2).padStart(10)} ${pct(s.optimal).padStart(8)} ${pct(s.baselineMeanGap, 2).padStart(14)} ${pct(s.baselineWorstGap, 2).padStart(14)}`);
  console.log(`  goal worst gap ≤ 5 %: ${small.map((s) => `${s.sides} ${ok(s.worstGap <= GOAL.gap)}`).join(', ')}`);
  console.log(`\nwalks of the cut (every 15th turf) vs 100 kicks a start  turfs  mean gap  worst gap`);
  for (const l of long) console.log(`  ${l.sides.padEnd(53)} ${String(l.turfs).padStart(5)} ${pct(l.meanGap, 2).padStart(9)} ${pct(l.worstGap, 2).padStart(10)}`);
}

function main(): void {
  process.stderr.write(`synthetic town of ${ADDRESSES} addresses…\n`);
  const generation = timed(() => syntheticTown({ addresses: ADDRESSES, seed: SEED }));
  const town = generation.value;
  const { sides: cutSides, sample } = cuts(town);
  process.stderr.write('walk order…\n');
  const bigs = bigTurfs(town.addresses, WALKS);
  const big = (['zig-zag', 'round-trip'] as Sides[]).map((s) => timeBigWalks(bigs, s));
  const instances = smallTurfs(town.addresses, SMALL, SEED);
  const small = (['zig-zag', 'round-trip'] as Sides[]).map((s) => smallGaps(instances, s));
  const long = (['zig-zag', 'round-trip'] as Sides[]).map((s) => longSearchGap(sample, s));
  if (!opt.json) {
    printCuts(town, generation, cutSides);
    printWalks(big, small, long);
  }
  const machine = { cores: cpus().length, loadavg: loadavg().map((l) => Number(l.toFixed(2))) };
  console.log(JSON.stringify({ bench: 'field', addresses: ADDRESSES, seed: SEED, target: TARGET, machine, cuts: cutSides, walk300: big, smallGaps: small, longSearchGaps: long }));
}

main();
