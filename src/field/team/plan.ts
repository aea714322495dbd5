import { InputError, NotFoundError } from '../../core/errors';
import type { FieldDb } from '../tables';
import { assignTeams } from './assign';
import type { Assignment } from './assignments';
import { saveAssignments } from './assignments';
import { listCanvassers } from './canvassers';
import type { PopulationFile } from './population';
import { PEOPLE_ATTRIBUTES, populationFromPeople } from './population';
import type { AssignResult, DistrictInput, Marginal } from './types';

export interface PlanTeams {
  readonly campaignId: number;
  readonly attributes: readonly string[];
  readonly slot?: string | undefined;
  readonly pairs?: boolean | undefined;
  readonly turfsPerCanvasser?: number | undefined;
  /** Populations given explicitly; areas not in it (nor under "*") are counted from contacts. */
  readonly population?: PopulationFile | undefined;
  readonly now?: number | undefined;
}

export interface TeamPlan extends AssignResult {
  readonly campaignId: number;
  /** Per district, where its population came from. */
  readonly populationSource: Record<string, 'given' | 'contacts'>;
}

async function turfsByArea(db: FieldDb, campaignId: number): Promise<Map<string, number[]>> {
  const campaign = await db.selectFrom('field_campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new NotFoundError(`campaign ${campaignId}: no such campaign`);
  const rows = await db.selectFrom('field_turfs').select(['id', 'area_id']).where('campaign_id', '=', campaignId).orderBy('area_id').orderBy('number').execute();
  if (!rows.length) throw new InputError(`campaign ${campaignId}: expected turfs, found none (cut the turfs first: hustings field turfs cut)`);
  const areas = new Map<string, number[]>();
  for (const r of rows) areas.set(r.area_id, [...(areas.get(r.area_id) ?? []), Number(r.id)]);
  return areas;
}

/** The area's population on the attributes: given, or counted from contacts (age band and gender only). */
async function populationOf(db: FieldDb, area: string, input: PlanTeams, notes: string[]): Promise<{ population: Record<string, Marginal>; source: 'given' | 'contacts' }> {
  const given = input.population?.[area] ?? input.population?.['*'];
  if (given) {
    const lacking = input.attributes.find((a) => !given[a]);
    if (lacking) throw new InputError(`population of ${area}: expected a marginal for ${lacking}, found none (attributes given: ${Object.keys(given).join(', ') || 'none'})`);
    return { population: given, source: 'given' };
  }
  const other = input.attributes.find((a) => !(PEOPLE_ATTRIBUTES as readonly string[]).includes(a));
  if (other) throw new InputError(`population of ${area}: contacts give only ${PEOPLE_ATTRIBUTES.join(' and ')}, not ${other}; give the population explicitly (--population FILE.json)`);
  const counted = await populationFromPeople(db, area, new Date(input.now ?? Date.now()));
  for (const a of input.attributes) {
    const known = Object.values(counted.population[a]!).reduce((s, n) => s + n, 0);
    if (known === 0) throw new InputError(`population of ${area}: expected people with a known ${a} in contacts, found none of ${counted.people}; give the population explicitly (--population FILE.json)`);
    if (counted.missing[a]) notes.push(`district ${area}: ${counted.missing[a]} of ${counted.people} people in contacts have no ${a}; the shares are of the ${known} who do`);
  }
  return { population: counted.population, source: 'contacts' };
}

/**
 * The teams for a campaign: its districts are the areas of its turfs (turfs in walking order),
 * each district's population given or counted from contacts, the canvassers those stored.
 */
export async function planTeams(db: FieldDb, input: PlanTeams): Promise<TeamPlan> {
  const areas = await turfsByArea(db, input.campaignId);
  const notes: string[] = [];
  const districts: DistrictInput[] = [];
  const populationSource: Record<string, 'given' | 'contacts'> = {};
  for (const [area, turfs] of areas) {
    const { population, source } = await populationOf(db, area, input, notes);
    districts.push({ id: area, population, turfs });
    populationSource[area] = source;
  }
  const canvassers = await listCanvassers(db);
  const result = assignTeams({ districts, canvassers, attributes: input.attributes, slot: input.slot, pairs: input.pairs, turfsPerCanvasser: input.turfsPerCanvasser });
  return { ...result, notes: [...notes, ...result.notes], campaignId: input.campaignId, populationSource };
}

/** Hands the plan's turfs out: ends the live assignments of the turfs it gives a walker and saves the new ones (one transaction). */
export async function applyTeams(db: FieldDb, plan: TeamPlan, options: { assignedBy: string; slot?: string | undefined; now?: number | undefined }): Promise<{ ended: number; assignments: Assignment[] }> {
  // Applying ends the campaign's live assignments: a plan with no one in it would only take every turf away.
  if (plan.teams.every((t) => t.members.length === 0)) {
    const where = options.slot ? `in slot ${options.slot}` : 'at all';
    throw new InputError(`campaign ${plan.campaignId}: no canvasser is available ${where} (${plan.unavailable.length} not available), so the teams are empty; nothing applied, the current assignments stay`);
  }
  // A turf the plan hands to no one (a district nobody is free to walk) keeps whoever has it now.
  const handed = plan.teams.flatMap((t) => t.turfs).filter((t) => t.users.length > 0);
  return saveAssignments(db, { campaignId: plan.campaignId, turfs: handed, slot: options.slot ?? null, assignedBy: options.assignedBy, now: options.now });
}
