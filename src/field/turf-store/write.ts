import { NotFoundError } from '../../core/errors';
import { centroid } from '../turfs/geo';
import type { FieldDb } from '../tables';

/**
 * What the turf writers share: reading doors as points for the turf algorithms, writing one turf
 * (its row and its doors in walking order, `seq` 1..n), keeping the numbers of an area's turfs
 * 1..n in order, and telling which turfs are in use (events, assignments, locks).
 */

/** A door as the turf algorithms take it. */
export interface StoredPoint {
  readonly id: number;
  readonly lat: number;
  readonly lon: number;
  readonly doors: number;
  readonly street: string | null;
  readonly number: string | null;
  readonly block: string | null;
}

const POINT_COLUMNS = ['a.id', 'a.lat', 'a.lon', 'a.doors', 'a.street', 'a.number', 'a.block'] as const;
const ROWS_PER_INSERT = 500;

function toPoint(r: { id: number; lat: number; lon: number; doors: number; street: string | null; number: string | null; block: string | null }): StoredPoint {
  return { id: Number(r.id), lat: Number(r.lat), lon: Number(r.lon), doors: Number(r.doors), street: r.street, number: r.number, block: r.block };
}

/** The address points of an area, by id. */
export async function areaPoints(db: FieldDb, areaId: string): Promise<StoredPoint[]> {
  const rows = await db.selectFrom('field_addresses as a').select(POINT_COLUMNS).where('a.area_id', '=', areaId).orderBy('a.id').execute();
  return rows.map(toPoint);
}

/** The doors of one turf in walking order. */
export async function turfPoints(db: FieldDb, turfId: number): Promise<StoredPoint[]> {
  const rows = await db
    .selectFrom('field_turf_doors as td')
    .innerJoin('field_addresses as a', 'a.id', 'td.address_id')
    .select(POINT_COLUMNS)
    .where('td.turf_id', '=', turfId)
    .orderBy('td.seq')
    .execute();
  return rows.map(toPoint);
}

export interface TurfRow {
  readonly id: number;
  readonly campaignId: number;
  readonly areaId: string;
  readonly number: number;
  readonly version: number;
}

/** A turf's row, or an InputError naming the id. */
export async function turfRow(db: FieldDb, turfId: number): Promise<TurfRow> {
  const r = await db.selectFrom('field_turfs').select(['id', 'campaign_id', 'area_id', 'number', 'version']).where('id', '=', turfId).executeTakeFirst();
  if (!r) throw new NotFoundError(`turf ${turfId}: no such turf`);
  return { id: Number(r.id), campaignId: Number(r.campaign_id), areaId: r.area_id, number: Number(r.number), version: Number(r.version) };
}

/** Doors (households) and centroid of a turf's points. */
export function turfFigures(points: readonly StoredPoint[]): { doors: number; lat: number | null; lon: number | null } {
  if (points.length === 0) return { doors: 0, lat: null, lon: null };
  const c = centroid(points);
  return { doors: points.reduce((s, p) => s + p.doors, 0), lat: c.lat, lon: c.lon };
}

async function insertChunked(db: FieldDb, rows: { campaign_id: number; turf_id: number; address_id: number; seq: number }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const slice = rows.slice(i, i + ROWS_PER_INSERT);
    await db.insertInto('field_turf_doors').values(slice).execute();
    await db
      .insertInto('field_turf_door_history')
      .values(slice.map((r) => ({ turf_id: r.turf_id, address_id: r.address_id })))
      .onConflict((oc) => oc.columns(['turf_id', 'address_id']).doNothing())
      .execute();
  }
}

/** Replaces a turf's doors by `points` in this order; the caller has removed the doors from any other turf. */
export async function writeDoors(trx: FieldDb, campaignId: number, turfId: number, points: readonly StoredPoint[]): Promise<void> {
  await trx.deleteFrom('field_turf_doors').where('turf_id', '=', turfId).execute();
  await insertChunked(trx, points.map((p, i) => ({ campaign_id: campaignId, turf_id: turfId, address_id: p.id, seq: i + 1 })));
}

/** Sets an existing turf's figures from its new doors and bumps its version. */
export async function updateTurf(trx: FieldDb, turf: TurfRow, points: readonly StoredPoint[], now: number): Promise<void> {
  await writeDoors(trx, turf.campaignId, turf.id, points);
  await trx.updateTable('field_turfs').set({ ...turfFigures(points), version: turf.version + 1, updated_at: now }).where('id', '=', turf.id).execute();
}

/** Inserts a new turf with its doors; its number is a placeholder above any in use until `renumber`. */
export async function insertTurf(trx: FieldDb, turf: { id: number; campaignId: number; areaId: string; number: number }, points: readonly StoredPoint[], now: number): Promise<void> {
  await trx
    .insertInto('field_turfs')
    .values({ id: turf.id, campaign_id: turf.campaignId, area_id: turf.areaId, number: turf.number, ...turfFigures(points), version: 1, created_at: now, updated_at: now })
    .execute();
  await writeDoors(trx, turf.campaignId, turf.id, points);
}

/** The area's turf ids by number. */
export async function areaTurfIds(db: FieldDb, campaignId: number, areaId: string): Promise<number[]> {
  const rows = await db.selectFrom('field_turfs').select('id').where('campaign_id', '=', campaignId).where('area_id', '=', areaId).orderBy('number').execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Numbers the area's turfs 1..n in the order given. Numbers are unique per area and checked row by
 * row, so the turfs whose number changes go through negative numbers first: no two rows ever
 * hold the same number mid-way.
 */
export async function renumber(trx: FieldDb, campaignId: number, areaId: string, order: readonly number[]): Promise<void> {
  const rows = await trx.selectFrom('field_turfs').select(['id', 'number']).where('campaign_id', '=', campaignId).where('area_id', '=', areaId).execute();
  const current = new Map(rows.map((r) => [Number(r.id), Number(r.number)]));
  let changed = 0;
  for (const [i, id] of order.entries()) {
    if (current.get(id) === i + 1) continue;
    await trx.updateTable('field_turfs').set({ number: -(i + 1) }).where('id', '=', id).execute();
    changed++;
  }
  if (changed) await trx.updateTable('field_turfs').set((eb) => ({ number: eb.neg(eb.ref('number')) })).where('campaign_id', '=', campaignId).where('area_id', '=', areaId).where('number', '<', 0).execute();
}

/** A number above every one in use in the area, for turfs inserted before `renumber`. */
export async function spareNumber(trx: FieldDb, campaignId: number, areaId: string): Promise<number> {
  const r = await trx.selectFrom('field_turfs').select((eb) => eb.fn.max('number').as('max')).where('campaign_id', '=', campaignId).where('area_id', '=', areaId).executeTakeFirst();
  return Number(r?.max ?? 0) + 1;
}

/** Of these turfs, those with an active assignment or a live lock: a canvasser may be walking them. */
export async function turfsInUse(db: FieldDb, turfIds: readonly number[], now: number): Promise<{ assigned: number[]; locked: number[] }> {
  if (turfIds.length === 0) return { assigned: [], locked: [] };
  const assigned = await db
    .selectFrom('field_assignments')
    .select('turf_id')
    .distinct()
    .where('turf_id', 'in', turfIds)
    .where('ended_at', 'is', null)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .execute();
  const locked = await db.selectFrom('field_locks').select('turf_id').where('turf_id', 'in', turfIds).where('expires_at', '>', now).execute();
  return { assigned: assigned.map((r) => Number(r.turf_id)).sort((a, b) => a - b), locked: locked.map((r) => Number(r.turf_id)).sort((a, b) => a - b) };
}
