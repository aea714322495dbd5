import { sql } from 'kysely';
import type { FieldDb } from '../tables';
import { NearestIndex } from './nearest';

export const DEFAULT_MAX_KM = 1.5;

/**
 * Sets every address's sample area from its station's (none when the station has no area). Only
 * rows whose area changes are written: PostgreSQL rewrites every row an UPDATE touches.
 */
export async function refreshAreaIds(db: FieldDb): Promise<void> {
  const area = sql`(SELECT s.area_id FROM field_stations s WHERE s.code = field_addresses.station)`;
  await sql`UPDATE field_addresses SET area_id = ${area} WHERE coalesce(area_id, '') <> coalesce(${area}, '')`.execute(db);
}

export interface LinkOptions {
  /** Farthest a door may be from the station it is linked to by distance (default 1.5 km). */
  readonly maxKm?: number;
  /**
   * Link every address by distance again (after stations moved), except those whose station came
   * from their import file (`station_from_file`): a file's station always wins.
   */
  readonly relink?: boolean;
}

export interface LinkSummary {
  readonly addresses: number;
  /** Addresses linked by distance in this run. */
  readonly linkedByDistance: number;
  /** Addresses with a station (from their file, or linked before or now). */
  readonly withStation: number;
  /** Addresses whose station code is not among the known stations (a file's code with no station row). */
  readonly unknownStation: number;
  /** Addresses with no station: no station with coordinates within maxKm. */
  readonly noStation: number;
  readonly withArea: number;
  readonly withoutArea: number;
  readonly seconds: number;
}

// Ids per UPDATE … WHERE id IN (…): well below both backends' parameter limits.
const IDS_PER_STATEMENT = 1000;

/**
 * Links addresses to polling stations and sample areas: an address that has a station keeps it
 * (the file's own `station` column wins); one without is linked to the nearest station with
 * coordinates within `maxKm`; then each address takes its station's area (run it again after
 * stations or areas change). Addresses left without a station or area are counted, never dropped.
 */
export async function linkAddresses(db: FieldDb, options: LinkOptions = {}): Promise<LinkSummary> {
  const started = Date.now();
  const stations = await db.selectFrom('field_stations').select(['code', 'lat', 'lon', 'area_id']).where('lat', 'is not', null).where('lon', 'is not', null).execute();
  const index = stations.length > 0 ? new NearestIndex(stations.map((s) => ({ code: s.code, lat: Number(s.lat), lon: Number(s.lon) })), options.maxKm ?? DEFAULT_MAX_KM) : null;
  const moves = new Map<string | null, number[]>();
  let linked = 0;
  for await (const a of addressPages(db, options.relink ?? false)) {
    const code = index?.nearest(a)?.place.code ?? null;
    if (code !== null) linked++;
    // Only rows that change are written: PostgreSQL rewrites every row an UPDATE touches.
    if (code === a.station) continue;
    const ids = moves.get(code) ?? [];
    ids.push(a.id);
    moves.set(code, ids);
  }
  const areaOf = new Map(stations.map((s) => [s.code, s.area_id]));
  await db.transaction().execute(async (trx) => {
    for (const [code, ids] of moves) {
      const set = { station: code, area_id: code === null ? null : (areaOf.get(code) ?? null) };
      for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) await trx.updateTable('field_addresses').set(set).where('id', 'in', ids.slice(i, i + IDS_PER_STATEMENT)).execute();
    }
    await refreshAreaIds(trx);
  });
  return { ...(await linkCounts(db)), linkedByDistance: linked, seconds: (Date.now() - started) / 1000 };
}

const PAGE = 20_000;

/** The addresses to link (all, or those without a station), a page at a time: memory stays flat for a whole département. */
async function* addressPages(db: FieldDb, all: boolean): AsyncGenerator<{ id: number; lat: number; lon: number; station: string | null }> {
  for (let after = -1; ; ) {
    let q = db.selectFrom('field_addresses').select(['id', 'lat', 'lon', 'station']).where('id', '>', after).orderBy('id').limit(PAGE);
    // A relink recomputes every station found by distance; a station from the file is kept.
    q = all ? q.where('station_from_file', '=', 0) : q.where('station', 'is', null);
    const page = await q.execute();
    for (const a of page) yield { id: Number(a.id), lat: Number(a.lat), lon: Number(a.lon), station: a.station };
    if (page.length < PAGE) return;
    after = Number(page[page.length - 1]!.id);
  }
}

async function linkCounts(db: FieldDb): Promise<Omit<LinkSummary, 'linkedByDistance' | 'seconds'>> {
  const r = await sql<{ addresses: number; with_station: number; unknown_station: number; with_area: number }>`
    SELECT count(*) AS addresses,
           count(a.station) AS with_station,
           sum(CASE WHEN a.station IS NOT NULL AND s.code IS NULL THEN 1 ELSE 0 END) AS unknown_station,
           count(a.area_id) AS with_area
    FROM field_addresses a LEFT JOIN field_stations s ON s.code = a.station`.execute(db);
  const row = r.rows[0]!;
  const addresses = Number(row.addresses);
  return {
    addresses,
    withStation: Number(row.with_station),
    unknownStation: Number(row.unknown_station ?? 0),
    noStation: addresses - Number(row.with_station),
    withArea: Number(row.with_area),
    withoutArea: addresses - Number(row.with_area),
  };
}
