import { sql } from 'kysely';
import { NotFoundError, StoreError } from '../../core/errors';
import { getCampaign } from '../campaigns';
import type { FieldDb } from '../tables';
import type { AnswerEvent, AreaAnswers } from './answers';
import { answerTables, latestAnswers } from './answers';
import type { TableQuestion } from './script';
import { tableQuestions } from './script';
import type { AreaProgress, CampaignProgress, TurfBase, TurfEvents, TurfProgress, TurfStates } from './tally';
import { areaProgress, campaignProgress, turfProgress } from './tally';

/**
 * The store side of progress and answers: grouped counts per turf (three queries, summed in tally.ts)
 * and the campaign's answered events (tabulated in answers.ts).
 */

export type ProgressLevel = 'turf' | 'area' | 'campaign';

export type Progress =
  | { readonly by: 'turf'; readonly rows: readonly TurfProgress[] }
  | { readonly by: 'area'; readonly rows: readonly AreaProgress[] }
  | { readonly by: 'campaign'; readonly rows: readonly CampaignProgress[] };

export interface CampaignRow {
  readonly id: number;
  readonly name: string;
  readonly questions: readonly TableQuestion[];
}

/** The campaign's name and its questions as tabulated; a NotFoundError when there is no such campaign. */
export async function campaignOf(db: FieldDb, campaignId: number): Promise<CampaignRow> {
  const campaign = await getCampaign(db, campaignId);
  return { id: campaign.id, name: campaign.name, questions: tableQuestions(campaign.script) };
}

async function turfBases(db: FieldDb, campaignId: number, areaId?: string): Promise<TurfBase[]> {
  let q = db
    .selectFrom('field_turfs as t')
    .leftJoin('field_turf_doors as td', (j) => j.onRef('td.turf_id', '=', 't.id').onRef('td.campaign_id', '=', 't.campaign_id'))
    .leftJoin('field_addresses as a', 'a.id', 'td.address_id')
    .select(['t.id', 't.area_id', 't.number', (eb) => eb.fn.count<number>('td.address_id').as('addresses'), (eb) => eb.fn.coalesce(eb.fn.sum<number>('a.doors'), sql<number>`0`).as('doors')])
    .where('t.campaign_id', '=', campaignId)
    .groupBy(['t.id', 't.area_id', 't.number'])
    .orderBy('t.area_id')
    .orderBy('t.number');
  if (areaId !== undefined) q = q.where('t.area_id', '=', areaId);
  const rows = await q.execute();
  return rows.map((r) => ({ turfId: Number(r.id), areaId: r.area_id, number: Number(r.number), addresses: Number(r.addresses), doors: Number(r.doors) }));
}

async function turfEvents(db: FieldDb, campaignId: number): Promise<TurfEvents[]> {
  const rows = await db
    .selectFrom('field_events as e')
    .innerJoin('field_turf_doors as td', (j) => j.onRef('td.campaign_id', '=', 'e.campaign_id').onRef('td.address_id', '=', 'e.address_id'))
    .select([
      'td.turf_id',
      (eb) => eb.fn.countAll<number>().as('attempts'),
      (eb) => eb.fn.count<number>('e.address_id').distinct().as('knocked'),
      sql<number>`count(distinct case when e.result = 'contacted' then e.address_id end)`.as('contacts'),
    ])
    .where('e.campaign_id', '=', campaignId)
    .groupBy('td.turf_id')
    .execute();
  return rows.map((r) => ({ turfId: Number(r.turf_id), attempts: Number(r.attempts), knocked: Number(r.knocked), contacts: Number(r.contacts) }));
}

async function turfStates(db: FieldDb, campaignId: number): Promise<TurfStates[]> {
  const rows = await db
    .selectFrom('field_door_state as s')
    .innerJoin('field_turf_doors as td', (j) => j.onRef('td.campaign_id', '=', 's.campaign_id').onRef('td.address_id', '=', 's.address_id'))
    .select(['td.turf_id', 's.result', 's.dnc', (eb) => eb.fn.countAll<number>().as('n')])
    .where('s.campaign_id', '=', campaignId)
    .groupBy(['td.turf_id', 's.result', 's.dnc'])
    .execute();
  return rows.map((r) => ({ turfId: Number(r.turf_id), result: r.result, dnc: Number(r.dnc) !== 0, n: Number(r.n) }));
}

/** Progress of every turf of the campaign (of one area when given), sorted by area and number. */
export async function turfProgressOf(db: FieldDb, campaignId: number, areaId?: string): Promise<TurfProgress[]> {
  const [bases, events, states] = await Promise.all([turfBases(db, campaignId, areaId), turfEvents(db, campaignId), turfStates(db, campaignId)]);
  return turfProgress(bases, events, states);
}

/** Progress of a campaign per turf, per area or as a whole. */
export async function progressOf(db: FieldDb, campaignId: number, by: ProgressLevel = 'area'): Promise<Progress> {
  await campaignOf(db, campaignId);
  const turfs = await turfProgressOf(db, campaignId);
  if (by === 'turf') return { by, rows: turfs };
  if (by === 'area') return { by, rows: areaProgress(turfs) };
  return { by, rows: [campaignProgress(campaignId, turfs)] };
}

function parseAnswers(text: string, eventId: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoreError(`field event ${eventId}: its answers are not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StoreError(`field event ${eventId}: expected answers as an object {question: answer}, found ${Array.isArray(value) ? 'an array' : typeof value}`);
  return value as Record<string, unknown>;
}

/** The campaign's `contacted` events with answers, each with the area of its door (doors with no area are left out). */
export async function answerEvents(db: FieldDb, campaignId: number, areaId?: string): Promise<AnswerEvent[]> {
  let q = db
    .selectFrom('field_events as e')
    .innerJoin('field_addresses as a', 'a.id', 'e.address_id')
    .select(['e.id', 'e.client_at', 'e.received_at', 'e.address_id', 'a.area_id', 'e.answers'])
    .where('e.campaign_id', '=', campaignId)
    .where('e.result', '=', 'contacted')
    .where('e.answers', 'is not', null)
    .where('a.area_id', 'is not', null);
  if (areaId !== undefined) q = q.where('a.area_id', '=', areaId);
  const rows = await q.execute();
  // A phone's clock never beyond when the server received the event (as for the door state).
  return rows.map((r) => ({ id: r.id, at: Math.min(Number(r.client_at), Number(r.received_at)), addressId: Number(r.address_id), areaId: r.area_id!, answers: parseAnswers(r.answers!, r.id) }));
}

/** The areas a campaign has turfs in, sorted. */
export async function campaignAreas(db: FieldDb, campaignId: number): Promise<string[]> {
  const rows = await db.selectFrom('field_turfs').select('area_id').distinct().where('campaign_id', '=', campaignId).orderBy('area_id').execute();
  return rows.map((r) => r.area_id);
}

/** The campaign's areas, checked to hold `areaId` when one is asked for (an unknown area is an error, not empty tables). */
export async function areasFor(db: FieldDb, campaignId: number, areaId: string | undefined): Promise<string[]> {
  const areas = await campaignAreas(db, campaignId);
  if (areaId !== undefined && !areas.includes(areaId)) {
    throw new NotFoundError(`area ${JSON.stringify(areaId)}: campaign ${campaignId} has no turfs there; its areas are ${areas.slice(0, 20).join(', ') || 'none yet'}${areas.length > 20 ? ', …' : ''}`);
  }
  return areas;
}

/**
 * Answer tables of a campaign: for one area, or for each of its areas and then all areas together
 * (`areaId: null`). See answers.ts for the counting rule and the small-cell rule.
 */
export async function answersOf(db: FieldDb, campaignId: number, areaId?: string): Promise<{ campaign: CampaignRow; areas: AreaAnswers[] }> {
  const campaign = await campaignOf(db, campaignId);
  const known = await areasFor(db, campaignId, areaId);
  const latest = latestAnswers(await answerEvents(db, campaignId, areaId));
  const answered = [...latest.keys()].filter((a): a is string => a !== null);
  const areas = areaId !== undefined ? [areaId] : [...[...new Set([...known, ...answered])].sort(), null];
  return { campaign, areas: answerTables(campaign.questions, latest, areas) };
}
