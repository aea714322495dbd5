import { sql } from 'kysely';
import { InputError } from '../../core/errors';
import type { BadAddressLine } from '../addresses/parse';
import type { FieldDb } from '../tables';
import type { AreaInput } from './areas';
import { areaId } from './areas';
import { readSmallTable } from './table';

const AREA_COLUMNS = {
  area: ['area', 'area_id', 'zone', 'secteur'],
  station: ['station', 'code', 'bureau', 'code_bv'],
  rank: ['rank'],
  stations: ['stations'],
  name: ['name', 'nom'],
  registered: ['registered', 'inscrits'],
} as const;

/**
 * Reads sample areas from a CSV: one line per station (`area, station[, name]`), or the elections
 * module's `elections priority --csv` file (`rank, stations, registered, …`, stations joined by
 * spaces), whose ranks become ids A01, A02, ….
 */
export async function readAreasCsv(path: string): Promise<{ areas: AreaInput[]; bad: BadAddressLine[] }> {
  const table = await readSmallTable(path, AREA_COLUMNS, []);
  const ranked = table.has('rank') && table.has('stations');
  if (!ranked && !(table.has('area') && table.has('station'))) {
    throw new InputError(`${path}: expected the columns area and station (one line per station), or rank and stations (as elections priority --csv writes)`, path);
  }
  const bad = [...table.bad];
  const byId = new Map<string, { name: string; stations: string[]; registered: number }>();
  // A station is in one area: a second line for it is reported, not silently dropped.
  const firstLine = new Map<string, { line: number; area: string }>();
  for (const r of table.rows) {
    const id = ranked ? (/^\d+$/.test(r.get('rank')) ? areaId(Number(r.get('rank')), table.rows.length) : '') : r.get('area');
    const stations = ranked ? r.get('stations').split(/\s+/).filter(Boolean) : [r.get('station')].filter(Boolean);
    const taken = stations.find((x) => firstLine.has(x));
    if (id === '') bad.push({ line: r.line, column: table.column(ranked ? 'rank' : 'area'), reason: ranked ? `expected a rank (a whole number), found ${JSON.stringify(r.get('rank'))}` : 'expected an area id, found nothing' });
    else if (stations.length === 0) bad.push({ line: r.line, column: table.column(ranked ? 'stations' : 'station'), reason: 'expected a station code, found nothing' });
    else if (taken !== undefined) {
      const first = firstLine.get(taken)!;
      bad.push({ line: r.line, column: table.column(ranked ? 'stations' : 'station'), reason: `expected each station in one area, found ${taken} given already on line ${first.line} (area ${first.area}); this line is skipped` });
    } else if (table.has('registered') && r.get('registered') !== '' && !/^\d+$/.test(r.get('registered'))) {
      bad.push({ line: r.line, column: table.column('registered'), reason: `expected a whole number of registered voters, found ${JSON.stringify(r.get('registered').slice(0, 40))}` });
    } else {
      for (const s of stations) firstLine.set(s, { line: r.line, area: id });
      const area = byId.get(id) ?? { name: r.get('name') || (ranked ? `Area ${Number(r.get('rank'))}` : id), stations: [], registered: 0 };
      area.stations.push(...stations);
      area.registered += Number(r.get('registered')) || 0;
      byId.set(id, area);
    }
  }
  return { areas: [...byId].map(([id, a]) => ({ id, ...a })), bad };
}

export interface AreaListing {
  readonly id: string;
  readonly name: string;
  readonly source: string | null;
  readonly registered: number;
  readonly stations: number;
  readonly addresses: number;
  readonly doors: number;
}

/** The sample areas with how many stations, address points and doors each holds. */
export async function listAreas(db: FieldDb): Promise<AreaListing[]> {
  const r = await sql<{ id: string; name: string; source: string | null; registered: number; stations: number; addresses: number; doors: number | null }>`
    SELECT ar.id, ar.name, ar.source, ar.registered,
      (SELECT count(*) FROM field_stations s WHERE s.area_id = ar.id) AS stations,
      (SELECT count(*) FROM field_addresses a WHERE a.area_id = ar.id) AS addresses,
      (SELECT sum(a.doors) FROM field_addresses a WHERE a.area_id = ar.id) AS doors
    FROM field_areas ar ORDER BY ar.id`.execute(db);
  return r.rows.map((x) => ({ id: x.id, name: x.name, source: x.source, registered: Number(x.registered), stations: Number(x.stations), addresses: Number(x.addresses), doors: Number(x.doors ?? 0) }));
}

export interface AreaAddress {
  readonly id: number;
  readonly street: string | null;
  readonly number: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly doors: number;
  readonly station: string | null;
}

/** An area's address points, for the map (in id order); null when there is no such area. */
export async function areaAddresses(db: FieldDb, id: string): Promise<AreaAddress[] | null> {
  const area = await db.selectFrom('field_areas').select('id').where('id', '=', id).executeTakeFirst();
  if (!area) return null;
  const rows = await db.selectFrom('field_addresses').select(['id', 'street', 'number', 'lat', 'lon', 'doors', 'station']).where('area_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), street: r.street, number: r.number, lat: Number(r.lat), lon: Number(r.lon), doors: Number(r.doors), station: r.station }));
}
