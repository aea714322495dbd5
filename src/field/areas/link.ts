import { sql } from 'kysely';
import type { FieldDb } from '../tables';
import { NearestIndex } from './nearest';

export const DEFAULT_MAX_KM = 1.5;

/** Sets every address's sample area from its station's (none when the station has no area). */
export async function refreshAreaIds(db: FieldDb): Promise<void> {
  await sql`UPDATE field_addresses SET area_id = (SELECT s.area_id FROM field_stations s WHERE s.code = field_addresses.station)`.execute(db);
}

export interface LinkOptions {
  /** Farthest a door may be from the station it is linked to by distance (default 1.5 km). */
  readonly maxKm?: number;
  /**
   * Drop every address's station and link all of them by distance again (after stations moved). The
   * store does not tell a file's own station from one found by distance, so the files' stations go
   * too: importing the files again puts them back (a file's station wins over the one held).
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
  const maxKm = options.maxKm ?? DEFAULT_MAX_KM;
  if (options.relink) await db.updateTable('field_addresses').set({ station: null }).execute();
  const stations = (await db.selectFrom('field_stations').select(['code', 'lat', 'lon']).where('lat', 'is not', null).where('lon', 'is not', null).execute()).map((s) => ({ code: s.code, lat: Number(s.lat), lon: Number(s.lon) }));
  let linked = 0;
  if (stations.length > 0) {
    const index = new NearestIndex(stations, maxKm);
    const open = await db.selectFrom('field_addresses').select(['id', 'lat', 'lon']).where('station', 'is', null).execute();
    const byStation = new Map<string, number[]>();
    for (const a of open) {
      const hit = index.nearest({ lat: Number(a.lat), lon: Number(a.lon) });
      if (!hit) continue;
      const ids = byStation.get(hit.place.code) ?? [];
      ids.push(Number(a.id));
      byStation.set(hit.place.code, ids);
      linked++;
    }
    await db.transaction().execute(async (trx) => {
      for (const [code, ids] of byStation) {
        for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) await trx.updateTable('field_addresses').set({ station: code }).where('id', 'in', ids.slice(i, i + IDS_PER_STATEMENT)).execute();
      }
    });
  }
  await refreshAreaIds(db);
  return { ...(await linkCounts(db)), linkedByDistance: linked, seconds: (Date.now() - started) / 1000 };
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
