import type { Command } from 'commander';
import { InputError } from '../core/errors';
import { requireCampaign } from '../field/campaigns';
import { fieldDb } from '../field/tables';
import type { Assignment, Canvasser, TeamPlan } from '../field/team';
import { appendAudit } from '../contacts/audit';
import { applyTeams, assignmentEndedEntry, campaignAssignments, canvasserSetEntry, endAssignment, listCanvassers, parsePopulationFile, planTeams, setCanvasser, teamsAppliedEntry } from '../field/team';
import { cliActor, out, repeatable, storeNeeded, withApp } from './context';
import { readJsonFile } from '../core/input';
import { positiveInt } from './listen';

const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);
const f2 = (x: number): string => x.toFixed(2);

/** `--attr age_band=25-34` → ["age_band", "25-34"]. */
function attributePairs(given: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const g of given) {
    const at = g.indexOf('=');
    if (at <= 0) throw new InputError(`--attr: expected NAME=VALUE (e.g. gender=f), found ${JSON.stringify(g)}`);
    out[g.slice(0, at).trim()] = g.slice(at + 1).trim();
  }
  return out;
}

function canvasserLine(c: Canvasser): string {
  const attrs = Object.entries(c.attributes).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${c.user}${c.district ? ` (${c.district})` : ''}: ${attrs || 'no attributes'}; available ${c.availability.join(', ') || 'never'}${c.personId === null ? '' : `; person ${c.personId}`}`;
}

function printPlan(plan: TeamPlan): void {
  for (const t of plan.teams) {
    const byAttr = Object.entries(t.tvdByAttribute).map(([a, v]) => `${a} ${f2(v)}`).join(', ');
    out(`district ${t.district} (population from ${plan.populationSource[t.district]}): ${t.members.length} of ${t.wanted} wanted, TVD ${f2(t.tvd)} (${byAttr}; closest possible at this size ${f2(t.bestPossible)})`);
    out(`  members: ${t.members.join(', ') || 'none'}`);
    if (t.pairs) out(`  pairs: ${t.pairs.map((p) => p.join('+')).join(', ') || 'none'}`);
    out(`  turfs: ${t.turfs.map((x) => `${x.turfId} → ${x.users.join('+') || 'nobody'}`).join('; ')}`);
  }
  if (plan.unassigned.length) out(`in no team: ${plan.unassigned.join(', ')}`);
  if (plan.unavailable.length) out(`not available in the slot: ${plan.unavailable.join(', ')}`);
  for (const n of plan.notes) out(`note: ${n}`);
}

function assignmentLine(a: Assignment): string {
  const turf = a.turfNumber === null ? `turf #${a.turfId} (gone: merged or cut again)` : `${a.areaId} turf ${a.turfNumber} (#${a.turfId})`;
  return `${a.id}: ${turf} → ${a.user}${a.partner ? `+${a.partner}` : ''}${a.slot ? ` [${a.slot}]` : ''}${a.endedAt === null ? '' : ' (ended)'}`;
}

function registerCanvassers(field: Command): void {
  const canvassers = field.command('canvassers').description('canvassers: server users with a home district, attributes (age band, gender, …) and slots when available');
  canvassers
    .command('set')
    .argument('<user>', 'a server user (hustings users add)')
    .option('--district <area>', 'home district (an area id); "" for none')
    .option('--attr <name=value>', 'an attribute (repeatable): age_band=25-34, gender=f, …', repeatable, [])
    .option('--available <slots>', 'slots when available, comma-separated (sat-am,sun-pm)')
    .option('--person <id>', 'the contacts person (a volunteer); fills age band and gender when not given', positiveInt)
    .description('sets a canvasser; what is not given keeps its stored value')
    .action(async (user: string, f: { district?: string; attr: string[]; available?: string; person?: number }, command: Command) => {
      const change = { user, district: f.district, attributes: attributePairs(f.attr), availability: f.available === undefined ? undefined : list(f.available), personId: f.person };
      const saved = await withApp(command, async (app) => {
        const done = await setCanvasser(fieldDb(app.store.db), change);
        await appendAudit(app.store.db, app.store.dialect, canvasserSetEntry(cliActor(), done));
        return done;
      });
      out(canvasserLine(saved));
    });
  canvassers
    .command('list')
    .option('--json', 'as JSON')
    .action(async (f: { json?: boolean }, command: Command) => {
      const all = await withApp(command, (app) => listCanvassers(fieldDb(app.store.db)), { existing: true });
      if (f.json) return out(JSON.stringify(all, null, 2));
      if (!all.length) return out('no canvassers yet (hustings field canvassers set USER …)');
      for (const c of all) out(canvasserLine(c));
    });
}

function registerAssignments(field: Command): void {
  const assignments = field.command('assignments').description('turfs handed to canvassers');
  assignments
    .command('list')
    .requiredOption('--campaign <id>', 'campaign number', positiveInt)
    .option('--all', 'ended assignments too')
    .option('--json', 'as JSON')
    .action(async (f: { campaign: number; all?: boolean; json?: boolean }, command: Command) => {
      const all = await withApp(command, async (app) => {
        await requireCampaign(fieldDb(app.store.db), f.campaign);
        return campaignAssignments(fieldDb(app.store.db), f.campaign, { all: f.all === true });
      }, { existing: true });
      if (f.json) return out(JSON.stringify(all, null, 2));
      if (!all.length) return out(`campaign ${f.campaign}: no ${f.all ? '' : 'live '}assignments`);
      for (const a of all) out(assignmentLine(a));
    });
  assignments
    .command('end')
    .argument('<id>', 'assignment number', positiveInt)
    .description("ends an assignment: the canvasser's phone drops the turf at its next sync")
    .action(async (id: number, _f: unknown, command: Command) => {
      const ended = await withApp(command, async (app) => {
        const done = await endAssignment(fieldDb(app.store.db), id);
        await appendAudit(app.store.db, app.store.dialect, assignmentEndedEntry(cliActor(), done));
        return done;
      });
      out(assignmentLine(ended));
    });
}

/** Where there is no store, --apply has no campaign to hand out: said so, with the steps that make one (docs/field.md). */
const CAMPAIGN_NEEDED = storeNeeded(
  'field teams --apply hands out the turfs of a stored campaign to its canvassers',
  'first import the doors and make the campaign, its turfs and canvassers: `hustings field addresses import`, `field areas auto`, `field campaign create`, `field turfs cut`, `field canvassers set`',
);

/** `hustings field canvassers|teams|assignments …`: canvassers, teams that mirror their district, turfs handed out. */
export function registerFieldTeams(field: Command): void {
  registerCanvassers(field);
  field
    .command('teams')
    .requiredOption('--campaign <id>', 'campaign number', positiveInt)
    .option('--attributes <names>', 'attributes the teams should mirror, comma-separated', 'age_band,gender')
    .option('--slot <slot>', 'only canvassers available in this slot')
    .option('--pairs', 'canvassers walk in pairs')
    .option('--turfs-per-canvasser <n>', 'turfs one canvasser (or pair) covers', positiveInt, 1)
    .option('--population <file>', 'populations per area, JSON {"<area>"|"*": {"<attribute>": {"<value>": count or share}}}; default: counted from contacts')
    .option('--apply', 'hand the turfs out (ends their live assignments)')
    .option('--json', 'as JSON')
    .description("per district (the campaign's areas), the team of canvassers closest to its population (total variation distance per attribute)")
    .action(async (f: { campaign: number; attributes: string; slot?: string; pairs?: boolean; turfsPerCanvasser: number; population?: string; apply?: boolean; json?: boolean }, command: Command) => {
      const population = f.population === undefined ? undefined : parsePopulationFile(await readJsonFile(f.population, 'populations per area'), f.population);
      const input = { campaignId: f.campaign, attributes: list(f.attributes), slot: f.slot, pairs: f.pairs === true, turfsPerCanvasser: f.turfsPerCanvasser, population };
      // A plan only reads; --apply writes, but only into a store that holds the campaign: neither makes one.
      const { plan, applied } = await withApp(command, async (app) => {
        const db = fieldDb(app.store.db);
        const made = await planTeams(db, input);
        if (!f.apply) return { plan: made, applied: null };
        const done = await applyTeams(db, made, { assignedBy: cliActor(), slot: f.slot });
        await appendAudit(app.store.db, app.store.dialect, teamsAppliedEntry(cliActor(), f.campaign, done, made.teams.length));
        return { plan: made, applied: done };
      }, { existing: f.apply ? CAMPAIGN_NEEDED : true });
      if (f.json) return out(JSON.stringify({ ...plan, applied }, null, 2));
      printPlan(plan);
      if (applied) out(`applied: ${applied.assignments.length} assignments saved, ${applied.ended} earlier ones ended`);
    });
  registerAssignments(field);
}
