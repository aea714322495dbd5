import { sql } from 'kysely';
import type { PlacedStation, SampleArea } from '../../elections/priority/areas';
import { groupSampleAreas } from '../../elections/priority/areas';
import type { FieldDb } from '../tables';
import { refreshAreaIds } from './link';

/** A sample area to store: its id and the stations it is made of. */
export interface AreaInput {
  readonly id: string;
  readonly name: string;
  readonly stations: readonly string[];
  readonly registered: number;
}

/** "A01" … "A99", "A001" … when there are more: ids that sort in rank order. */
export function areaId(rank: number, count: number): string {
  return `A${String(rank).padStart(Math.max(2, String(count).length), '0')}`;
}

/** The elections module's sample areas (ranked by votes to gain) as areas to store. */
export function areasOfSample(areas: readonly SampleArea[]): AreaInput[] {
  return areas.map((a) => ({ id: areaId(a.rank, areas.length), name: `Area ${a.rank} (${a.stations.length} station${a.stations.length === 1 ? '' : 's'})`, stations: a.stations, registered: a.registered }));
}

/**
 * Replaces the sample areas: every station's area is cleared, then set from `areas` (a station
 * named but not yet known is added, without coordinates); areas no longer holding a station and
 * cut into no turf are removed; addresses take their station's new area. One transaction.
 */
export async function saveAreas(db: FieldDb, areas: readonly AreaInput[], source: string, now = Date.now()): Promise<SavedAreas> {
  const owner = new Map<string, string>();
  for (const a of areas) for (const s of a.stations) owner.set(s, owner.get(s) ?? a.id);
  return db.transaction().execute(async (trx) => {
    const known = new Set((await trx.selectFrom('field_stations').select('code').execute()).map((s) => s.code));
    await trx.updateTable('field_stations').set({ area_id: null }).execute();
    for (let i = 0; i < areas.length; i += 500) {
      await trx
        .insertInto('field_areas')
        .values(areas.slice(i, i + 500).map((a) => ({ id: a.id, name: a.name, source, registered: Math.round(a.registered), created_at: now })))
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), source: eb.ref('excluded.source'), registered: eb.ref('excluded.registered') })))
        .execute();
    }
    const codes = [...owner.keys()];
    for (let i = 0; i < codes.length; i += 500) {
      const slice = codes.slice(i, i + 500).map((code) => ({ code, name: null, lat: null, lon: null, area_id: owner.get(code)! }));
      await trx.insertInto('field_stations').values(slice).onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ area_id: eb.ref('excluded.area_id') }))).execute();
    }
    await sql`DELETE FROM field_areas WHERE id NOT IN (SELECT area_id FROM field_stations WHERE area_id IS NOT NULL) AND id NOT IN (SELECT area_id FROM field_turfs)`.execute(trx);
    // Counted before the areas are refreshed: addresses that have one now and whose station is in no new area (a net count would let gains hide losses).
    const leftOut = await sql<{ n: number }>`SELECT count(*) AS n FROM field_addresses a WHERE a.area_id IS NOT NULL AND (SELECT s.area_id FROM field_stations s WHERE s.code = a.station) IS NULL`.execute(trx);
    await refreshAreaIds(trx);
    const unknown = [...owner.keys()].filter((c) => !known.has(c));
    return { areas: areas.length, stations: owner.size, unknownStations: unknown.length, unknownSample: unknown.slice(0, 10), addressesLeftOut: Number(leftOut.rows[0]?.n ?? 0) };
  });
}

/** What new sample areas did, with what a user should look at: codes no stored station has (made as stations without a place), and addresses that had an area and have none now. */
export interface SavedAreas {
  readonly areas: number;
  readonly stations: number;
  readonly unknownStations: number;
  readonly unknownSample: readonly string[];
  readonly addressesLeftOut: number;
}

/** Registered people estimated per door when no electoral roll is at hand (documented guess: ~1.6 adults per household). */
export const PERSONS_PER_DOOR = 1.6;

/**
 * Sample areas without an election: stations grouped by `groupSampleAreas` into areas of about
 * `target` registered people, each station's registered estimated as its doors × persons per door.
 * With no votes to gain, every station scores alike and seeds go in code order; stations are
 * grouped by distance when all have coordinates, else by code. Stations with no door are left out.
 */
export function groupStationsByDoors(stations: readonly { code: string; doors: number; lat: number | null; lon: number | null }[], target = 1500, personsPerDoor = PERSONS_PER_DOOR): SampleArea[] {
  const placed: PlacedStation[] = stations
    .filter((s) => s.doors > 0)
    .map((s) => ({ code: s.code, registered: Math.round(s.doors * personsPerDoor), gain: 0, perThousand: 0, ...(s.lat !== null && s.lon !== null ? { lat: s.lat, lon: s.lon } : {}) }));
  return groupSampleAreas(placed, { target });
}

/** `groupStationsByDoors` over the stored stations and their linked doors, saved as the areas. */
export async function areasFromStations(db: FieldDb, options: { target?: number; personsPerDoor?: number } = {}): Promise<SavedAreas> {
  const rows = await db
    .selectFrom('field_stations as s')
    .leftJoin('field_addresses as a', 'a.station', 's.code')
    .select((eb) => ['s.code', 's.lat', 's.lon', eb.fn.coalesce(eb.fn.sum<number>('a.doors'), sql<number>`0`).as('doors')])
    .groupBy(['s.code', 's.lat', 's.lon'])
    .execute();
  const stations = rows.map((r) => ({ code: r.code, doors: Number(r.doors), lat: r.lat === null ? null : Number(r.lat), lon: r.lon === null ? null : Number(r.lon) }));
  const sample = groupStationsByDoors(stations, options.target, options.personsPerDoor);
  return saveAreas(db, areasOfSample(sample), `doors×${options.personsPerDoor ?? PERSONS_PER_DOOR}`);
}
