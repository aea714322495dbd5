import { sql } from 'kysely';
import { ConflictError, InputError } from '../../core/errors';
import { appendAudit } from '../../contacts/audit';
import { reserveIds } from '../../contacts/ids';
import { contactsDb } from '../../contacts/tables';
import type { AnyDb, DialectName } from '../../store';
import type { FieldDb } from '../tables';
import { fieldDb } from '../tables';
import type { Sides } from '../turfs/walk';
import { splitPoints, walkPoints } from './algorithms';
import type { StoredPoint, TurfRow } from './write';
import { areaTurfIds, insertTurf, renumber, spareNumber, turfPoints, turfRow, turfsInUse, updateTurf } from './write';

/**
 * Organisers' edits of stored turfs: move doors to another turf, merge two turfs, split one. Each
 * runs in one transaction holding its area's turfs locked, re-walks every turf it touches, recomputes its doors and centroid, bumps
 * its version, keeps the area's numbers 1..n in walking order, and is audited (ids and counts).
 * A turf an edit would delete (merged away, or emptied by a move) must not be assigned or locked:
 * a canvasser may be walking it.
 */

export interface TurfStore {
  readonly db: AnyDb;
  readonly dialect: DialectName;
}

export interface EditOptions {
  readonly actor: string;
  /** The versions of the turfs as the editor saw them (turf id → version): a turf changed since is a ConflictError. */
  readonly expect?: ReadonlyMap<number, number> | undefined;
  /** How the touched turfs are re-walked (default zig-zag). */
  readonly sides?: Sides | undefined;
  readonly now?: number | undefined;
}

export interface EditResult {
  /** The turfs changed or made, after the edit. */
  readonly turfs: readonly { id: number; number: number; doors: number; addresses: number; version: number }[];
  /** Turfs deleted by the edit. */
  readonly removed: readonly number[];
}

/**
 * Serialises edits of one area: every turf row of the turf's campaign and area is locked (row locks
 * on PostgreSQL, the write lock on SQLite) before anything is read, so two organisers' edits of
 * neighbouring turfs run one after the other instead of deadlocking or reading stale doors.
 */
async function lockArea(trx: FieldDb, turfId: number): Promise<TurfRow> {
  const { campaignId, areaId } = await turfRow(trx, turfId);
  await trx.updateTable('field_turfs').set({ version: sql`version` }).where('campaign_id', '=', campaignId).where('area_id', '=', areaId).execute();
  return turfRow(trx, turfId);
}

/** Refuses an edit made on turfs that changed (or went) since the editor loaded them. */
async function checkVersions(trx: FieldDb, expect: ReadonlyMap<number, number> | undefined): Promise<void> {
  for (const [id, version] of expect ?? []) {
    const row = await trx.selectFrom('field_turfs').select('version').where('id', '=', id).executeTakeFirst();
    if (!row) throw new ConflictError(`turf ${id} is gone since you loaded it (merged or cut again); reload the turfs and edit again`);
    if (Number(row.version) !== version) throw new ConflictError(`turf ${id} changed since you loaded it (version ${Number(row.version)}, you had ${version}); reload the turfs and edit again`);
  }
}

async function refuseInUse(trx: FieldDb, ids: readonly number[], now: number, what: string): Promise<void> {
  const use = await turfsInUse(trx, ids, now);
  const busy = [...new Set([...use.assigned, ...use.locked])];
  if (busy.length) throw new ConflictError(`${what}: turf ${busy.join(', ')} would be deleted but is assigned to a canvasser or checked out; end the assignment (or wait for the lock) first`);
}

async function deleteTurf(trx: FieldDb, id: number): Promise<void> {
  await trx.deleteFrom('field_turf_doors').where('turf_id', '=', id).execute();
  await trx.deleteFrom('field_locks').where('turf_id', '=', id).execute();
  await trx.deleteFrom('field_turfs').where('id', '=', id).execute();
}

async function summary(trx: FieldDb, ids: readonly number[], removed: readonly number[]): Promise<EditResult> {
  const rows = ids.length
    ? await trx
        .selectFrom('field_turfs as t')
        .leftJoin('field_turf_doors as td', 'td.turf_id', 't.id')
        .select(['t.id', 't.number', 't.doors', 't.version', (eb) => eb.fn.count<number>('td.address_id').as('addresses')])
        .where('t.id', 'in', ids)
        .groupBy(['t.id', 't.number', 't.doors', 't.version'])
        .orderBy('t.number')
        .execute()
    : [];
  return { turfs: rows.map((r) => ({ id: Number(r.id), number: Number(r.number), doors: Number(r.doors), addresses: Number(r.addresses), version: Number(r.version) })), removed };
}

/** The turf rows of the moved doors, checked to be in the destination's campaign and area. */
async function sourcesOf(trx: FieldDb, to: TurfRow, addressIds: readonly number[]): Promise<Map<number, number>> {
  const rows = await trx
    .selectFrom('field_turf_doors as td')
    .innerJoin('field_turfs as t', 't.id', 'td.turf_id')
    .select(['td.address_id', 'td.turf_id', 't.area_id'])
    .where('td.campaign_id', '=', to.campaignId)
    .where('td.address_id', 'in', addressIds)
    .execute();
  const found = new Map(rows.map((r) => [Number(r.address_id), r]));
  const missing = addressIds.filter((id) => !found.has(id));
  if (missing.length) throw new InputError(`move doors: door ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''} is in no turf of campaign ${to.campaignId} (doors move only between turfs of one campaign)`);
  const elsewhere = rows.filter((r) => r.area_id !== to.areaId).map((r) => Number(r.address_id));
  if (elsewhere.length) throw new InputError(`move doors: door ${elsewhere.slice(0, 10).join(', ')} is in another area than turf ${to.id} (area ${to.areaId}); doors move only within an area`);
  return new Map(rows.map((r) => [Number(r.address_id), Number(r.turf_id)]));
}

/** Moves doors (address ids) into the turf `toTurf` from the other turfs of its campaign and area (from `fromTurf` only, when given). */
export async function moveDoors(store: TurfStore, input: { addressIds: readonly number[]; toTurf: number; fromTurf?: number | undefined }, options: EditOptions): Promise<EditResult> {
  const now = options.now ?? Date.now();
  const ids = [...new Set(input.addressIds)];
  if (ids.length === 0) throw new InputError('move doors: expected at least one door id');
  return fieldDb(store.db).transaction().execute(async (trx) => {
    const to = await lockArea(trx, input.toTurf);
    await checkVersions(trx, options.expect);
    const from = await sourcesOf(trx, to, ids);
    const strays = input.fromTurf === undefined ? [] : ids.filter((id) => from.get(id) !== input.fromTurf);
    if (strays.length) throw new InputError(`move doors: door ${strays.slice(0, 10).join(', ')} is not in turf ${input.fromTurf}`);
    const moving = ids.filter((id) => from.get(id) !== to.id);
    if (moving.length === 0) throw new InputError(`move doors: every door given is already in turf ${to.id}`);
    const sources = [...new Set(moving.map((id) => from.get(id)!))].sort((a, b) => a - b);
    const movingSet = new Set(moving);
    const moved: StoredPoint[] = [];
    const kept = new Map<number, StoredPoint[]>();
    for (const s of sources) {
      const points = await turfPoints(trx, s);
      moved.push(...points.filter((p) => movingSet.has(p.id)));
      kept.set(s, points.filter((p) => !movingSet.has(p.id)));
    }
    const emptied = sources.filter((s) => kept.get(s)!.length === 0);
    await refuseInUse(trx, emptied, now, 'move doors');
    for (const s of sources) {
      if (emptied.includes(s)) await deleteTurf(trx, s);
      else await updateTurf(trx, await turfRow(trx, s), walkPoints(kept.get(s)!, options.sides), now);
    }
    await updateTurf(trx, to, walkPoints([...(await turfPoints(trx, to.id)), ...moved], options.sides), now);
    if (emptied.length) await renumber(trx, to.campaignId, to.areaId, await areaTurfIds(trx, to.campaignId, to.areaId));
    await appendAudit(trx, store.dialect, { actor: options.actor, action: 'field.turf.move', subject: `turf:${to.id}`, detail: { campaign: to.campaignId, to: to.id, from: sources, doors: moving.length, removed: emptied } }, now);
    return summary(trx, [to.id, ...sources.filter((s) => !emptied.includes(s))], emptied);
  });
}

/** Merges turf `b` into turf `a` (same campaign and area): `a` keeps its id, `b` is deleted. */
export async function mergeTurfs(store: TurfStore, a: number, b: number, options: EditOptions): Promise<EditResult> {
  const now = options.now ?? Date.now();
  if (a === b) throw new InputError(`merge turfs: expected two different turfs, found ${a} twice`);
  return fieldDb(store.db).transaction().execute(async (trx) => {
    const ta = await lockArea(trx, a);
    await checkVersions(trx, options.expect);
    const tb = await turfRow(trx, b);
    if (ta.campaignId !== tb.campaignId) throw new InputError(`merge turfs: turf ${a} is in campaign ${ta.campaignId} and turf ${b} in campaign ${tb.campaignId}; expected one campaign`);
    if (ta.areaId !== tb.areaId) throw new InputError(`merge turfs: turf ${a} is in area ${ta.areaId} and turf ${b} in area ${tb.areaId}; expected one area`);
    await refuseInUse(trx, [b], now, 'merge turfs');
    const points = [...(await turfPoints(trx, a)), ...(await turfPoints(trx, b))];
    await deleteTurf(trx, b);
    await updateTurf(trx, ta, walkPoints(points, options.sides), now);
    await renumber(trx, ta.campaignId, ta.areaId, await areaTurfIds(trx, ta.campaignId, ta.areaId));
    await appendAudit(trx, store.dialect, { actor: options.actor, action: 'field.turf.merge', subject: `turf:${a}`, detail: { campaign: ta.campaignId, into: a, from: b, doors: points.length } }, now);
    return summary(trx, [a], [b]);
  });
}

/**
 * Splits a turf into `parts` compact turfs. The part holding the turf's first door keeps the turf's
 * id (a canvasser already on it goes on from where they started); the others get new ids and the
 * numbers right after it.
 */
export async function splitTurf(store: TurfStore, turfId: number, parts: number, options: EditOptions): Promise<EditResult> {
  const now = options.now ?? Date.now();
  return fieldDb(store.db).transaction().execute(async (trx) => {
    const turf = await lockArea(trx, turfId);
    await checkVersions(trx, options.expect);
    const points = await turfPoints(trx, turfId);
    if (points.length < 2) throw new InputError(`split turf ${turfId}: it has one address point, which cannot be split`);
    if (!Number.isInteger(parts) || parts < 2 || parts > points.length) throw new InputError(`split turf ${turfId}: expected 2 to ${points.length} parts (one per address point at most), found ${parts}`);
    const first = points[0]!.id;
    const pieces = splitPoints(points, parts, options.sides).sort((x, y) => Number(y.some((p) => p.id === first)) - Number(x.some((p) => p.id === first)));
    await updateTurf(trx, turf, pieces[0]!, now);
    const newIds: number[] = [];
    const firstId = await reserveIds(contactsDb(trx), 'field_turfs', pieces.length - 1);
    let spare = await spareNumber(trx, turf.campaignId, turf.areaId);
    for (const [i, piece] of pieces.slice(1).entries()) {
      newIds.push(firstId + i);
      await insertTurf(trx, { id: firstId + i, campaignId: turf.campaignId, areaId: turf.areaId, number: spare++ }, piece, now);
    }
    const order = (await areaTurfIds(trx, turf.campaignId, turf.areaId)).filter((id) => !newIds.includes(id));
    order.splice(order.indexOf(turfId) + 1, 0, ...newIds);
    await renumber(trx, turf.campaignId, turf.areaId, order);
    await appendAudit(trx, store.dialect, { actor: options.actor, action: 'field.turf.split', subject: `turf:${turfId}`, detail: { campaign: turf.campaignId, turf: turfId, into: [turfId, ...newIds], doors: pieces.map((p) => p.length) } }, now);
    return summary(trx, [turfId, ...newIds], []);
  });
}
