import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../core/errors';
import { createProgress } from '../core/progress';
import { requireCampaign } from '../field/campaigns';
import { fieldDb } from '../field/tables';
import type { CutResult, EditResult } from '../field/turf-store';
import { cutAll, cutAreaTurfs, mergeTurfs, moveDoors, splitTurf, turfDetail, turfsOf } from '../field/turf-store';
import { SIDES } from '../field/turfs/walk';
import type { Sides } from '../field/turfs/walk';
import { cliActor, out, withApp } from './context';
import { positiveInt } from './listen';

function idList(value: string): number[] {
  const ids = value.split(',').map((s) => s.trim());
  if (ids.some((s) => !/^\d{1,15}$/.test(s))) throw new InvalidArgumentError(`expected door ids separated by commas (1,2,3), found "${value}"`);
  return ids.map(Number);
}

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)} %`);

function cutLine(r: CutResult): string {
  const replaced = r.replaced ? `; replaced ${r.replaced} turfs${r.endedAssignments ? ` and ended ${r.endedAssignments} assignments` : ''}` : '';
  return `area ${r.areaId}: ${r.turfs} turfs, ${r.doors} doors at ${r.addresses} addresses; ${pct(r.withinTolerance)} within ±25 % of ${r.target}; doors per turf min ${r.min ?? '–'}, median ${r.median ?? '–'}, max ${r.max ?? '–'}${replaced}`;
}

function editLine(verb: string, r: EditResult): string {
  const turfs = r.turfs.map((t) => `turf ${t.id} (no. ${t.number}, ${t.doors} doors, ${t.addresses} addresses, version ${t.version})`).join('; ');
  return `${verb}: ${turfs}${r.removed.length ? `; removed turf ${r.removed.join(', ')}` : ''}`;
}

const sidesOption = (): Option => new Option('--sides <sides>', 'walk order: zig-zag crosses the street freely, round-trip walks one side out and the other back').choices(SIDES).default('zig-zag');

function registerCut(turfs: Command): void {
  turfs
    .command('cut')
    .description("cut an area's doors (or every area's) into turfs of about --target doors, in walking order; replaces the campaign's turfs there")
    .requiredOption('--campaign <id>', 'campaign id', positiveInt)
    .option('--area <id>', 'the area to cut')
    .option('--all', 'cut every area that has addresses')
    .option('--target <n>', 'doors per turf', positiveInt, 60)
    .addOption(sidesOption())
    .option('--force', 'replace turfs that have door events or are assigned (their assignments end)')
    .option('--json', 'as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (f: { campaign: number; area?: string; all?: boolean; target: number; sides: Sides; force?: boolean; json?: boolean; progress: boolean }, command: Command) => {
      if (Boolean(f.area) === Boolean(f.all)) throw new UsageError('field turfs cut: expected --area <id> or --all (one of them)');
      const input = { campaignId: f.campaign, target: f.target, sides: f.sides, force: f.force, actor: cliActor() };
      const results = await withApp(command, async (app) => {
        if (f.area) return [await cutAreaTurfs(app.store, { ...input, areaId: f.area })];
        const bar = createProgress(f.progress && !f.json, 'cut');
        try {
          return await cutAll(app.store, input, (done, total, area) => bar.update(done, total, area));
        } finally {
          bar.stop();
        }
      });
      if (f.json) return out(JSON.stringify({ areas: results }, null, 2));
      if (results.length === 0) return out('no area has addresses: nothing to cut');
      for (const r of results) out(cutLine(r));
    });
}

function registerRead(turfs: Command): void {
  turfs
    .command('list')
    .description("a campaign's turfs: number, doors, addresses knocked, centroid, version")
    .requiredOption('--campaign <id>', 'campaign id', positiveInt)
    .option('--area <id>', 'one area only')
    .option('--json', 'as JSON')
    .action(async (f: { campaign: number; area?: string; json?: boolean }, command: Command) => {
      const list = await withApp(command, async (app) => {
        // A campaign that does not exist is not one with no turfs: a script must tell a typo (exit 3).
        await requireCampaign(fieldDb(app.store.db), f.campaign);
        return turfsOf(fieldDb(app.store.db), f.campaign, f.area);
      }, { existing: true });
      if (f.json) return out(JSON.stringify({ turfs: list }, null, 2));
      if (list.length === 0) return out(`campaign ${f.campaign} has no turfs${f.area ? ` in area ${f.area}` : ''}`);
      for (const t of list) out(`turf ${t.id}\tarea ${t.areaId}\tno. ${t.number}\t${t.doors} doors\t${t.knocked}/${t.addresses} knocked\tversion ${t.version}`);
    });
  turfs
    .command('show')
    .description("a turf's walk list: its doors in walking order")
    .argument('<id>', 'turf id', positiveInt)
    .option('--json', 'as JSON')
    .action(async (id: number, f: { json?: boolean }, command: Command) => {
      const d = await withApp(command, (app) => turfDetail(fieldDb(app.store.db), id), { existing: true });
      if (f.json) return out(JSON.stringify(d, null, 2));
      out(`turf ${d.turf.id}: campaign ${d.turf.campaignId}, area ${d.turf.areaId}, no. ${d.turf.number}, ${d.turf.doors} doors, version ${d.turf.version}`);
      for (const door of d.doors) out(`${door.seq}\t${[door.number, door.street].filter(Boolean).join(' ') || `address ${door.addressId}`}\t${door.doors} door${door.doors === 1 ? '' : 's'}\t${door.state ? door.state.result : '-'}`);
    });
}

function registerEdits(turfs: Command): void {
  turfs
    .command('move')
    .description('move doors (address ids) into a turf of the same campaign and area; both walks are recomputed')
    .requiredOption('--doors <ids>', 'address ids, separated by commas', idList)
    .requiredOption('--to <turf>', 'the turf they go to', positiveInt)
    .addOption(sidesOption())
    .action(async (f: { doors: number[]; to: number; sides: Sides }, command: Command) => {
      const r = await withApp(command, (app) => moveDoors(app.store, { addressIds: f.doors, toTurf: f.to }, { actor: cliActor(), sides: f.sides }));
      out(editLine(`moved ${f.doors.length} doors`, r));
    });
  turfs
    .command('merge')
    .description('merge turf B into turf A (same campaign and area)')
    .argument('<a>', 'the turf that stays', positiveInt)
    .argument('<b>', 'the turf merged into it', positiveInt)
    .addOption(sidesOption())
    .action(async (a: number, b: number, f: { sides: Sides }, command: Command) => {
      const r = await withApp(command, (app) => mergeTurfs(app.store, a, b, { actor: cliActor(), sides: f.sides }));
      out(editLine('merged', r));
    });
  turfs
    .command('split')
    .description('split a turf into compact parts, each walked again')
    .argument('<id>', 'turf id', positiveInt)
    .option('--parts <n>', 'how many parts', positiveInt, 2)
    .addOption(sidesOption())
    .action(async (id: number, f: { parts: number; sides: Sides }, command: Command) => {
      const r = await withApp(command, (app) => splitTurf(app.store, id, f.parts, { actor: cliActor(), sides: f.sides }));
      out(editLine('split', r));
    });
}

/** `hustings field turfs …`: cut an area's doors into turfs, list and show them, and adjust them. */
export function registerFieldTurfs(field: Command): void {
  const turfs = field.command('turfs').description('turfs: cut areas into walkable turfs of about 60 doors, list, show walk lists, move doors, merge, split');
  registerCut(turfs);
  registerRead(turfs);
  registerEdits(turfs);
}
