import { InputError, NotFoundError } from '../../core/errors';
import { turfProgressOf } from '../progress/queries';
import type { FieldDb } from '../tables';

/** Reading stored turfs: the list of a campaign's turfs with their progress, and one turf's walk list. */

export interface TurfSummary {
  readonly id: number;
  readonly campaignId: number;
  readonly areaId: string;
  readonly number: number;
  /** Households (sum of the addresses' doors). */
  readonly doors: number;
  readonly addresses: number;
  /** Addresses with at least one event, and with a `contacted` one. */
  readonly knocked: number;
  readonly contacts: number;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly version: number;
  readonly updatedAt: number;
}

/** An area is known when it was defined or an address lies in it; otherwise asking for its turfs is a mistake, not an empty list. */
async function checkArea(db: FieldDb, areaId: string): Promise<void> {
  const known =
    (await db.selectFrom('field_areas').select('id').where('id', '=', areaId).executeTakeFirst()) ??
    (await db.selectFrom('field_addresses').select('area_id').where('area_id', '=', areaId).limit(1).executeTakeFirst());
  if (!known) throw new NotFoundError(`area ${JSON.stringify(areaId)}: no such area (none was defined and no address lies in it)`);
}

/** The turfs of a campaign (of one area when given), by area and number, with how far each has been knocked. */
export async function turfsOf(db: FieldDb, campaignId: number, areaId?: string): Promise<TurfSummary[]> {
  let q = db.selectFrom('field_turfs').select(['id', 'campaign_id', 'area_id', 'number', 'doors', 'lat', 'lon', 'version', 'updated_at']).where('campaign_id', '=', campaignId);
  if (areaId !== undefined) q = q.where('area_id', '=', areaId);
  const [rows, progress] = await Promise.all([q.orderBy('area_id').orderBy('number').execute(), turfProgressOf(db, campaignId, areaId)]);
  if (areaId !== undefined && rows.length === 0) await checkArea(db, areaId);
  const byId = new Map(progress.map((p) => [p.turfId, p]));
  return rows.map((r) => {
    const p = byId.get(Number(r.id));
    return {
      id: Number(r.id),
      campaignId: Number(r.campaign_id),
      areaId: r.area_id,
      number: Number(r.number),
      doors: Number(r.doors),
      addresses: p?.addresses ?? 0,
      knocked: p?.knocked ?? 0,
      contacts: p?.contacts ?? 0,
      lat: r.lat === null ? null : Number(r.lat),
      lon: r.lon === null ? null : Number(r.lon),
      version: Number(r.version),
      updatedAt: Number(r.updated_at),
    };
  });
}

export interface WalkDoor {
  readonly seq: number;
  readonly addressId: number;
  readonly street: string | null;
  readonly number: string | null;
  readonly postcode: string | null;
  readonly city: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly doors: number;
  /** The door's current result in the campaign (null: never knocked); `dnc` is sticky. */
  readonly state: { readonly result: string; readonly dnc: boolean } | null;
}

export interface TurfDetail {
  readonly turf: TurfSummary;
  readonly doors: readonly WalkDoor[];
}

/** One turf with its doors in walking order, for the walk list and the map. */
export async function turfDetail(db: FieldDb, turfId: number): Promise<TurfDetail> {
  const row = await db.selectFrom('field_turfs').select(['campaign_id', 'area_id']).where('id', '=', turfId).executeTakeFirst();
  if (!row) throw new InputError(`turf ${turfId}: no such turf`);
  const turf = (await turfsOf(db, Number(row.campaign_id), row.area_id)).find((t) => t.id === turfId)!;
  const doors = await db
    .selectFrom('field_turf_doors as td')
    .innerJoin('field_addresses as a', 'a.id', 'td.address_id')
    .leftJoin('field_door_state as s', (j) => j.onRef('s.campaign_id', '=', 'td.campaign_id').onRef('s.address_id', '=', 'td.address_id'))
    .select(['td.seq', 'a.id', 'a.street', 'a.number', 'a.postcode', 'a.city', 'a.lat', 'a.lon', 'a.doors', 's.result', 's.dnc'])
    .where('td.turf_id', '=', turfId)
    .orderBy('td.seq')
    .execute();
  return {
    turf,
    doors: doors.map((d) => ({
      seq: Number(d.seq),
      addressId: Number(d.id),
      street: d.street,
      number: d.number,
      postcode: d.postcode,
      city: d.city,
      lat: Number(d.lat),
      lon: Number(d.lon),
      doors: Number(d.doors),
      state: d.result === null ? null : { result: Number(d.dnc) ? 'do_not_contact' : d.result, dnc: Number(d.dnc) !== 0 },
    })),
  };
}
