import { sql } from 'kysely';
import { ConflictError, InputError } from '../../core/errors';
import { appendAudit } from '../../contacts/audit';
import { reserveIds } from '../../contacts/ids';
import { contactsDb } from '../../contacts/tables';
import { getCampaign } from '../campaigns';
import type { FieldDb } from '../tables';
import { fieldDb } from '../tables';
import type { Sides } from '../turfs/walk';
import { checkSides } from '../turfs/walk';
import { cutPoints } from './algorithms';
import type { TurfStore } from './edit';
import type { SizeStats } from './sizes';
import { sizeStats } from './sizes';
import type { StoredPoint } from './write';
import { areaPoints, turfFigures, turfsInUse, writeDoors } from './write';

/**
 * Cutting an area's doors into a campaign's turfs, stored in one transaction that replaces the
 * campaign's turfs of that area. Turfs that canvassers have begun (events) or hold (an active
 * assignment or a live lock) are not replaced unless forced; when forced, their assignments end
 * (the phones drop them at the next sync) and their locks go. Events are never touched.
 */

export const TOLERANCE = 0.25;

export interface CutInput {
  readonly campaignId: number;
  readonly areaId: string;
  readonly target?: number | undefined;
  readonly sides?: Sides | undefined;
  readonly force?: boolean | undefined;
  readonly actor: string;
  readonly now?: number | undefined;
}

export interface CutResult extends SizeStats {
  readonly areaId: string;
  readonly addresses: number;
  /** Turfs replaced, and active assignments ended by a forced cut. */
  readonly replaced: number;
  readonly endedAssignments: number;
  /** Doors of each turf, by number. */
  readonly sizes: readonly number[];
}

function checkTarget(target: number): number {
  if (!Number.isInteger(target) || target < 5 || target > 1000) throw new InputError(`target: expected a whole number of doors from 5 to 1000, found ${target}`);
  return target;
}

/** Why the area's current turfs may not be replaced, or null. */
async function blocker(db: FieldDb, campaignId: number, turfIds: readonly number[], now: number): Promise<string | null> {
  if (turfIds.length === 0) return null;
  // Events naming these turfs, or made at their doors under earlier turfs (a cut forced before).
  const events = await db
    .selectFrom('field_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where((eb) => eb.or([eb('turf_id', 'in', turfIds), eb('address_id', 'in', eb.selectFrom('field_turf_doors').select('address_id').where('turf_id', 'in', turfIds))]))
    .executeTakeFirst();
  const use = await turfsInUse(db, turfIds, now);
  const reasons = [Number(events?.n ?? 0) > 0 ? `${Number(events!.n)} door events` : '', use.assigned.length ? `${use.assigned.length} assigned turfs` : '', use.locked.length ? `${use.locked.length} checked-out turfs` : ''].filter(Boolean);
  return reasons.length ? reasons.join(', ') : null;
}

async function oldTurfIds(db: FieldDb, campaignId: number, areaId: string): Promise<number[]> {
  const rows = await db.selectFrom('field_turfs').select('id').where('campaign_id', '=', campaignId).where('area_id', '=', areaId).execute();
  return rows.map((r) => Number(r.id));
}

/** Removes the area's turfs; a forced cut ends their active assignments first. Returns the assignments ended. */
async function removeTurfs(trx: FieldDb, turfIds: readonly number[], now: number): Promise<number> {
  if (turfIds.length === 0) return 0;
  const ended = await trx.updateTable('field_assignments').set({ ended_at: now }).where('turf_id', 'in', turfIds).where('ended_at', 'is', null).executeTakeFirst();
  await trx.deleteFrom('field_locks').where('turf_id', 'in', turfIds).execute();
  await trx.deleteFrom('field_turf_doors').where('turf_id', 'in', turfIds).execute();
  await trx.deleteFrom('field_turfs').where('id', 'in', turfIds).execute();
  return Number(ended.numUpdatedRows);
}

/** Stores the turfs (numbered 1..n as cut) with their doors in walking order. */
async function insertTurfs(trx: FieldDb, campaignId: number, areaId: string, turfs: readonly (readonly StoredPoint[])[], now: number): Promise<void> {
  const first = await reserveIds(contactsDb(trx), 'field_turfs', turfs.length);
  for (const [i, points] of turfs.entries()) {
    await trx
      .insertInto('field_turfs')
      .values({ id: first + i, campaign_id: campaignId, area_id: areaId, number: i + 1, ...turfFigures(points), version: 1, created_at: now, updated_at: now })
      .execute();
    await writeDoors(trx, campaignId, first + i, points);
  }
}

/** Cuts one area's doors into turfs of the campaign, replacing those it had. */
export async function cutAreaTurfs(store: TurfStore, input: CutInput): Promise<CutResult> {
  const now = input.now ?? Date.now();
  const target = checkTarget(input.target ?? 60);
  const sides = input.sides ?? 'zig-zag';
  checkSides(sides);
  const db = fieldDb(store.db);
  await getCampaign(db, input.campaignId);
  const points = await areaPoints(db, input.areaId);
  // An area left without addresses (new sample areas took them) may still be cut: its old turfs go.
  if (points.length === 0 && (await oldTurfIds(db, input.campaignId, input.areaId)).length === 0) throw new InputError(`area ${input.areaId}: no addresses are linked to it (import addresses and link them to the area's stations first)`);
  const turfs = cutPoints(points, { target, tolerance: TOLERANCE, sides });
  return db.transaction().execute(async (trx) => {
    // Locks the area's turfs as the edits do, so that no edit interleaves with their replacement.
    await trx.updateTable('field_turfs').set({ version: sql`version` }).where('campaign_id', '=', input.campaignId).where('area_id', '=', input.areaId).execute();
    const old = await oldTurfIds(trx, input.campaignId, input.areaId);
    const busy = await blocker(trx, input.campaignId, old, now);
    if (busy && !input.force) throw new ConflictError(`area ${input.areaId}: its turfs in campaign ${input.campaignId} are in use (${busy}); cut again with force to replace them`);
    await refuseDoorsElsewhere(trx, input.campaignId, input.areaId, points.map((p) => p.id));
    const endedAssignments = await removeTurfs(trx, old, now);
    await insertTurfs(trx, input.campaignId, input.areaId, turfs, now);
    const sizes = turfs.map((t) => turfFigures(t).doors);
    const stats = sizeStats(sizes, target, TOLERANCE);
    const detail = { campaign: input.campaignId, area: input.areaId, turfs: turfs.length, addresses: points.length, doors: stats.doors, replaced: old.length, endedAssignments, forced: Boolean(busy), target, sides };
    await appendAudit(trx, store.dialect, { actor: input.actor, action: 'field.turfs.cut', subject: `campaign:${input.campaignId}`, detail }, now);
    return { areaId: input.areaId, addresses: points.length, replaced: old.length, endedAssignments, sizes, ...stats };
  });
}

/**
 * A door is in one turf of a campaign. Doors of this area already in turfs of other areas were
 * moved here by new sample areas (`field areas import|auto|from-election`) after those turfs were
 * cut: this cut is refused, naming them, rather than failing on the table's key.
 */
async function refuseDoorsElsewhere(trx: FieldDb, campaignId: number, areaId: string, addressIds: readonly number[]): Promise<void> {
  const found = new Map<string, Set<number>>();
  let doors = 0;
  for (let i = 0; i < addressIds.length; i += 500) {
    const rows = await trx
      .selectFrom('field_turf_doors as td')
      .innerJoin('field_turfs as t', 't.id', 'td.turf_id')
      .select(['t.area_id', 't.number'])
      .where('td.campaign_id', '=', campaignId)
      .where('t.area_id', '!=', areaId)
      .where('td.address_id', 'in', addressIds.slice(i, i + 500))
      .execute();
    doors += rows.length;
    for (const r of rows) {
      const turfs = found.get(r.area_id) ?? new Set<number>();
      turfs.add(Number(r.number));
      found.set(r.area_id, turfs);
    }
  }
  if (doors === 0) return;
  const where = [...found].map(([area, turfs]) => `area ${area} turf${turfs.size === 1 ? '' : 's'} ${[...turfs].sort((x, y) => x - y).join(', ')}`).join('; ');
  const [firstArea] = found.keys();
  throw new ConflictError(`area ${areaId}: ${doors} of its addresses are in turfs of campaign ${campaignId} cut for other areas (${where}): the sample areas changed since; cut ${found.size === 1 ? 'that area' : 'those areas'} again first (turfs cut --campaign ${campaignId} --area ${firstArea}), which takes them out`);
}

/** Pairs (holder, owner): turfs cut for area `holder` hold doors that new sample areas gave to `owner`. */
async function displacedDoors(db: FieldDb, campaignId: number): Promise<{ holder: string; owner: string }[]> {
  const rows = await db
    .selectFrom('field_turf_doors as td')
    .innerJoin('field_turfs as t', 't.id', 'td.turf_id')
    .innerJoin('field_addresses as a', 'a.id', 'td.address_id')
    .select(['t.area_id as holder', 'a.area_id as owner'])
    .distinct()
    .where('td.campaign_id', '=', campaignId)
    .where('a.area_id', 'is not', null)
    .whereRef('a.area_id', '!=', 't.area_id')
    .execute();
  return rows.map((r) => ({ holder: r.holder, owner: r.owner! }));
}

/**
 * The areas in an order that lets each be cut: an area whose doors sit in another area's turfs
 * after the other (whose re-cut lets them go). Two areas that took doors from each other cannot
 * be ordered: a ConflictError before anything is cut.
 */
export function cutOrder(areas: readonly string[], displaced: readonly { holder: string; owner: string }[], campaignId: number): string[] {
  const before = new Map(areas.map((a) => [a, new Set<string>()]));
  for (const d of displaced) if (before.has(d.owner) && before.has(d.holder)) before.get(d.owner)!.add(d.holder);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < areas.length) {
    const next = areas.find((a) => !done.has(a) && [...before.get(a)!].every((h) => done.has(h)));
    if (next === undefined) {
      const stuck = areas.filter((a) => !done.has(a));
      throw new ConflictError(`areas ${stuck.join(', ')}: new sample areas moved doors between them both ways since campaign ${campaignId}'s turfs were cut; no area was cut: restore the sample areas, or move those doors between the turfs first (turfs move)`);
    }
    order.push(next);
    done.add(next);
  }
  return order;
}

/** The areas that have addresses, sorted. */
export async function cuttableAreas(db: FieldDb): Promise<string[]> {
  const rows = await db.selectFrom('field_addresses').select('area_id').distinct().where('area_id', 'is not', null).orderBy('area_id').execute();
  return rows.map((r) => r.area_id!);
}

/**
 * Cuts every area that has addresses, one transaction per area. Without force, every area is
 * checked first, so that a cut refused for one area has changed none.
 */
export async function cutAll(store: TurfStore, input: Omit<CutInput, 'areaId'>, onArea: (done: number, total: number, areaId: string) => void = () => undefined): Promise<CutResult[]> {
  const db = fieldDb(store.db);
  const now = input.now ?? Date.now();
  await getCampaign(db, input.campaignId);
  // Areas with turfs but no doors left (new sample areas took them) are cut too, which removes those turfs.
  const withTurfs = (await db.selectFrom('field_turfs').select('area_id').distinct().where('campaign_id', '=', input.campaignId).execute()).map((r) => r.area_id);
  const withDoors = await cuttableAreas(db);
  const areas = cutOrder([...new Set([...withTurfs, ...withDoors])].sort(), await displacedDoors(db, input.campaignId), input.campaignId);
  if (!input.force) {
    for (const areaId of areas) {
      const busy = await blocker(db, input.campaignId, await oldTurfIds(db, input.campaignId, areaId), now);
      if (busy) throw new ConflictError(`area ${areaId}: its turfs in campaign ${input.campaignId} are in use (${busy}); no area was cut; cut again with force to replace them`);
    }
  }
  const results: CutResult[] = [];
  for (const [i, areaId] of areas.entries()) {
    onArea(i, areas.length, areaId);
    results.push(await cutAreaTurfs(store, { ...input, areaId, now }));
  }
  onArea(areas.length, areas.length, '');
  return results;
}
