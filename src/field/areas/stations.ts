import { normaliseUnitCode } from '../../elections/formats/codes';
import type { BadAddressLine } from '../addresses/parse';
import { decimal } from '../addresses/parse';
import type { FieldDb } from '../tables';
import { readSmallTable } from './table';

export interface StationRow {
  readonly code: string;
  readonly name: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
}

export interface StationImportSummary {
  readonly read: number;
  readonly stored: number;
  readonly updated: number;
  readonly withCoordinates: number;
  readonly bad: number;
  readonly badLines: readonly BadAddressLine[];
}

const STATION_COLUMNS = {
  code: ['code', 'station', 'bureau', 'code_bv', 'id', 'unit'],
  name: ['name', 'nom', 'libelle', 'label', 'lieu'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'lng', 'long', 'longitude'],
} as const;

function coordinate(text: string, limit: number): number | null | undefined {
  if (text === '') return null;
  // As address files are read: "0x32" or "5e1" are no coordinates anyone wrote.
  const v = decimal(text);
  return Number.isFinite(v) && Math.abs(v) <= limit ? v : undefined;
}

/** Parses the lines of a stations file: a code, and lat/lon both or neither. */
function stationRows(table: Awaited<ReturnType<typeof readSmallTable<keyof typeof STATION_COLUMNS>>>): { rows: StationRow[]; bad: BadAddressLine[] } {
  const rows: StationRow[] = [];
  const bad = [...table.bad];
  const first = new Map<string, number>();
  for (const r of table.rows) {
    const code = r.get('code');
    const lat = coordinate(r.get('lat'), 90);
    const lon = coordinate(r.get('lon'), 180);
    if (code === '') bad.push({ line: r.line, column: table.column('code'), reason: 'expected a station code, found nothing' });
    else if (lat === undefined) bad.push({ line: r.line, column: table.column('lat'), reason: `expected a latitude in degrees (-90 to 90), found ${JSON.stringify(r.get('lat').slice(0, 40))}` });
    else if (lon === undefined) bad.push({ line: r.line, column: table.column('lon'), reason: `expected a longitude in degrees (-180 to 180), found ${JSON.stringify(r.get('lon').slice(0, 40))}` });
    else if ((lat === null) !== (lon === null)) bad.push({ line: r.line, column: table.column(lat === null ? 'lat' : 'lon'), reason: `expected both lat and lon, or neither; found ${lat === null ? 'lon' : 'lat'} only` });
    else if (lat === 0 && lon === 0) bad.push({ line: r.line, column: table.column('lat'), reason: 'expected a position, found 0,0 (the placeholder of a missing one); leave lat and lon empty instead' });
    else if (first.has(code)) bad.push({ line: r.line, column: table.column('code'), reason: `expected each station code once, found ${code} given already on line ${first.get(code)}; this line is skipped` });
    else {
      first.set(code, r.line);
      rows.push({ code, name: r.get('name') || null, lat, lon });
    }
  }
  return { rows, bad: bad.sort((a, b) => a.line - b.line) };
}

/** Stores stations (upsert on code: a station's sample area is kept). */
export async function saveStations(db: FieldDb, rows: readonly StationRow[]): Promise<{ stored: number; updated: number }> {
  return db.transaction().execute(async (trx) => {
    const known = new Set((await trx.selectFrom('field_stations').select('code').execute()).map((s) => s.code));
    let stored = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const slice = rows.slice(i, i + 500).map((r) => ({ code: r.code, name: r.name, lat: r.lat, lon: r.lon, area_id: null }));
      for (const r of slice) if (!known.has(r.code)) stored++;
      await trx
        .insertInto('field_stations')
        .values(slice)
        .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), lat: eb.ref('excluded.lat'), lon: eb.ref('excluded.lon') })))
        .execute();
    }
    return { stored, updated: rows.length - stored };
  });
}

/** Imports polling stations from a CSV: `code, name, lat, lon` (coordinates optional, both or neither). */
export async function importStations(db: FieldDb, path: string): Promise<StationImportSummary> {
  const table = await readSmallTable(path, STATION_COLUMNS, ['code']);
  const { rows, bad } = stationRows(table);
  const written = await saveStations(db, rows);
  return { read: table.rows.length + table.bad.length, ...written, withCoordinates: rows.filter((r) => r.lat !== null).length, bad: bad.length, badLines: bad.slice(0, 1000) };
}

/** Where the stations with coordinates are, by their code as elections match units (normaliseUnitCode). */
export async function stationPlaces(db: FieldDb): Promise<Map<string, { lat: number; lon: number }>> {
  const rows = await db.selectFrom('field_stations').select(['code', 'lat', 'lon']).where('lat', 'is not', null).where('lon', 'is not', null).execute();
  return new Map(rows.map((s) => [normaliseUnitCode(s.code), { lat: Number(s.lat), lon: Number(s.lon) }]));
}
