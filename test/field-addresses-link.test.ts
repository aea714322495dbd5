/**
 * Linking doors to polling stations and sample areas, on both stores: the file's station wins,
 * else the nearest station within the distance (checked against a brute-force search), areas from
 * a CSV, from the elections module's sample areas and from doors alone; unlinked doors counted.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import { kmBetween } from '../src/elections/priority/areas';
import { importAddresses } from '../src/field/addresses';
import { areaAddresses, areasFromStations, areasOfSample, importStations, linkAddresses, listAreas, NearestIndex, readAreasCsv, saveAreas } from '../src/field/areas';
import { fieldDb } from '../src/field/tables';
import { backends } from './support/backends';

const FIXTURES = fileURLToPath(new URL('./fixtures/field/', import.meta.url));

describe('NearestIndex', () => {
  it('finds what a brute-force search finds, for 100,000 points and 400 places', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const places = Array.from({ length: 400 }, (_, i) => ({ code: `P${i}`, lat: 48.7 + random() * 0.3, lon: 2.2 + random() * 0.4 }));
    const points = Array.from({ length: 100_000 }, () => ({ lat: 48.68 + random() * 0.34, lon: 2.18 + random() * 0.44 }));
    const started = performance.now();
    const index = new NearestIndex(places, 1.5);
    const found = points.map((p) => index.nearest(p)?.place.code ?? null);
    const ms = performance.now() - started;
    for (let i = 0; i < points.length; i += 97) {
      let best: string | null = null;
      let bestKm = 1.5;
      for (const q of places) {
        const km = kmBetween(points[i]!, q);
        if (km < bestKm) [best, bestKm] = [q.code, km];
      }
      expect(found[i]).toBe(best);
    }
    expect(found.filter((f) => f === null).length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(3000);
  });
});

for (const backend of backends()) {
  describe(`field linking on ${backend.name}`, () => {
    let app: App;
    let dir: string;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const fresh = await backend.fresh();
      ({ dir, cleanup } = fresh);
      app = await openApp(fresh.config);
      copyFileSync(join(FIXTURES, 'generic-comma.csv'), join(dir, 'doors.csv'));
      await importAddresses(app.store, join(dir, 'doors.csv'));
    });

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    const stationsOf = async (): Promise<Record<string, string | null>> => {
      const rows = await fieldDb(app.store.db).selectFrom('field_addresses').select(['ext_id', 'station']).orderBy('ext_id').execute();
      return Object.fromEntries(rows.map((r) => [r.ext_id, r.station]));
    };

    it('keeps coordinates to the centimetre (two points 10 cm apart stay two), on both backends', async () => {
      const file = join(dir, 'close.csv');
      writeFileSync(file, 'code,name,lat,lon\nC1,Porte A,43.6123451,3.8765431\nC2,Porte B,43.6123459,3.8765439\n');
      await importStations(fieldDb(app.store.db), file);
      const rows = await fieldDb(app.store.db).selectFrom('field_stations').select(['code', 'lat', 'lon']).where('code', 'in', ['C1', 'C2']).orderBy('code').execute();
      expect(rows.map((r) => [r.code, Number(r.lat), Number(r.lon)])).toEqual([['C1', 43.6123451, 3.8765431], ['C2', 43.6123459, 3.8765439]]);
      await fieldDb(app.store.db).deleteFrom('field_stations').where('code', 'in', ['C1', 'C2']).execute();
    });

    it('imports stations, reporting a line with only one coordinate', async () => {
      const s = await importStations(fieldDb(app.store.db), join(FIXTURES, 'stations.csv'));
      expect([s.read, s.stored, s.withCoordinates, s.bad]).toEqual([5, 4, 3, 1]);
      expect(s.badLines).toEqual([{ line: 6, column: 'lon', reason: 'expected both lat and lon, or neither; found lat only' }]);
    });

    it('reads station coordinates as address files are read, and reports a code given twice', async () => {
      const file = join(tmpdir(), `stations-${process.pid}-${Date.now()}.csv`);
      writeFileSync(file, 'code,name,lat,lon\nX1,Ecole A,0x32,3.05\nX3,Dup1,50.63,3.06\nX3,Dup2,10,10\nX4,Zero,0,0\nX5,Exp,5e1,3.06\nX6,Virgule,"50,61","3,07"\n');
      const s = await importStations(fieldDb(app.store.db), file);
      expect([s.read, s.stored, s.bad]).toEqual([6, 2, 4]);
      expect(s.badLines.map((b) => [b.line, b.column, b.reason.split(';')[0]!.split(',')[0]])).toEqual([
        [2, 'lat', 'expected a latitude in degrees (-90 to 90)'],
        [4, 'code', 'expected each station code once'],
        [5, 'lat', 'expected a position'],
        [6, 'lat', 'expected a latitude in degrees (-90 to 90)'],
      ]);
      const rows = await fieldDb(app.store.db).selectFrom('field_stations').select(['code', 'name', 'lat']).where('code', 'in', ['X1', 'X3', 'X4', 'X5', 'X6']).orderBy('code').execute();
      expect(rows.map((r) => [r.code, r.name, Number(r.lat)])).toEqual([['X3', 'Dup1', 50.63], ['X6', 'Virgule', 50.61]]);
      await fieldDb(app.store.db).deleteFrom('field_stations').where('code', 'in', ['X3', 'X6']).execute();
    });

    it("links by the file's station first, else the nearest within 1.5 km; the far door is counted unlinked", async () => {
      const summary = await linkAddresses(fieldDb(app.store.db));
      expect(summary).toMatchObject({ addresses: 5, linkedByDistance: 3, withStation: 4, noStation: 1, unknownStation: 0, withArea: 0, withoutArea: 5 });
      // g3 is 200 m from S1, but its file says S9; g10 (Avenue de Versailles) is 7 km from any station.
      expect(await stationsOf()).toEqual({ g1: 'S1', g10: null, g2: 'S2', g3: 'S9', g9: 'S1' });
      const wider = await linkAddresses(fieldDb(app.store.db), { maxKm: 10 });
      expect([wider.linkedByDistance, wider.noStation]).toEqual([1, 0]);
      expect((await stationsOf()).g10).toBe('S1');
    });

    it('sets areas from an area,station CSV and lists stations, addresses and doors per area', async () => {
      const { areas, bad } = await readAreasCsv(join(FIXTURES, 'areas.csv'));
      expect(bad).toEqual([]);
      await saveAreas(fieldDb(app.store.db), areas, 'areas.csv');
      const listed = await listAreas(fieldDb(app.store.db));
      expect(listed.map((a) => [a.id, a.stations, a.addresses, a.doors])).toEqual([
        ['EST', 1, 0, 0],
        ['NORD', 2, 4, 29],
        ['SUD', 1, 1, 8],
      ]);
      const nord = await areaAddresses(fieldDb(app.store.db), 'NORD');
      expect(nord!.map((a) => [a.station, a.doors])).toEqual([['S1', 24], ['S2', 1], ['S1', 3], ['S1', 1]]);
      expect(await areaAddresses(fieldDb(app.store.db), 'NOPE')).toBeNull();
    });

    it("relinks after a station moves, keeping the file's own stations", async () => {
      await fieldDb(app.store.db).updateTable('field_stations').set({ lat: 48.95, lon: 2.5 }).where('code', '=', 'S2').execute();
      const s = await linkAddresses(fieldDb(app.store.db), { relink: true });
      expect(await stationsOf()).toEqual({ g1: 'S1', g10: null, g2: 'S1', g3: 'S9', g9: 'S1' });
      expect([s.noStation, s.withArea]).toEqual([1, 4]);
      await importAddresses(app.store, join(dir, 'doors.csv'));
      expect((await stationsOf()).g3).toBe('S9');
      const sud = await areaAddresses(fieldDb(app.store.db), 'SUD');
      expect(sud!.map((a) => a.station)).toEqual(['S9']);
    });

    it('forgets a station found by distance when a re-import moves the address, and keeps one its file gives', async () => {
      const moved = join(dir, 'moved.csv');
      // g9 moves to Avenue de Versailles (7 km from any station); g3, moved too, keeps the S9 its line names.
      writeFileSync(moved, 'id,street,number,postcode,city,lat,lon,doors,station,block\ng9,Avenue de Versailles,202,75016,Paris,48.8381,2.2571,3,,B2\ng3,"Place de la Commune, côté nord",3,75013,Paris,48.8282,2.3520,8,S9,B2\n');
      await importAddresses(app.store, moved);
      expect(await stationsOf()).toMatchObject({ g9: null, g3: 'S9', g1: 'S1' });
      const s = await linkAddresses(fieldDb(app.store.db));
      expect((await stationsOf()).g9).toBeNull();
      expect(s.noStation).toBe(2);
      // Back where it was: linked again by distance.
      writeFileSync(moved, 'id,street,number,postcode,city,lat,lon,doors,station,block\ng9,Rue Bobillot,101,75013,Paris,48.8265,2.3540,3,,B2\n');
      await importAddresses(app.store, moved);
      await linkAddresses(fieldDb(app.store.db));
      expect((await stationsOf()).g9).toBe('S1');
    });

    it('reports a station given to two areas and a registered count that is no number; says which codes no station has and which doors lose their area', async () => {
      const file = join(dir, 'areas-bad.csv');
      writeFileSync(file, 'area,station,registered\nB1,S1,800\nB2,S1,700\nB2,S2,abc\nB3,TYPO99,\n');
      const { areas, bad } = await readAreasCsv(file);
      expect(bad).toEqual([
        { line: 3, column: 'station', reason: 'expected each station in one area, found S1 given already on line 2 (area B1); this line is skipped' },
        { line: 4, column: 'registered', reason: 'expected a whole number of registered voters, found "abc"' },
      ]);
      expect(areas.map((a) => [a.id, a.stations])).toEqual([['B1', ['S1']], ['B3', ['TYPO99']]]);
      const before = await listAreas(fieldDb(app.store.db));
      const saved = await saveAreas(fieldDb(app.store.db), areas, 'areas-bad.csv');
      expect(saved).toMatchObject({ areas: 2, stations: 2, unknownStations: 1, unknownSample: ['TYPO99'] });
      // S2's doors and S9's had an area and have none now.
      expect(saved.addressesLeftOut).toBe(before.reduce((s, a) => s + a.addresses, 0) - (await listAreas(fieldDb(app.store.db))).reduce((s, a) => s + a.addresses, 0));
      expect(saved.addressesLeftOut).toBeGreaterThan(0);
      await fieldDb(app.store.db).deleteFrom('field_stations').where('code', '=', 'TYPO99').execute();
      await saveAreas(fieldDb(app.store.db), (await readAreasCsv(join(FIXTURES, 'areas.csv'))).areas, 'areas.csv');
    });

    it("stores the elections module's sample areas as A01, A02… in rank order", async () => {
      const sample = [
        { rank: 1, stations: ['S9', 'S3'], registered: 1400, gain: 90, perThousand: 64.3, nearness: 'codes' as const },
        { rank: 2, stations: ['S1'], registered: 1600, gain: 50, perThousand: 31.3, nearness: 'codes' as const },
      ];
      await saveAreas(fieldDb(app.store.db), areasOfSample(sample), 'election:test');
      const listed = await listAreas(fieldDb(app.store.db));
      // S2 belongs to no area now; the CSV's areas had no turf and are gone.
      expect(listed.map((a) => [a.id, a.registered, a.stations, a.addresses])).toEqual([
        ['A01', 1400, 2, 1],
        ['A02', 1600, 1, 3],
      ]);
    });

    it('groups stations into areas of about the target from their doors when there is no election', async () => {
      await linkAddresses(fieldDb(app.store.db), { relink: true, maxKm: 1.5 });
      await importAddresses(app.store, join(dir, 'doors.csv'));
      // Doors: S1 24+3+1 = 28 (g1, g9, g2 after S2 moved), S9 8: registered ≈ 45 and 13 at 1.6 a door.
      const made = await areasFromStations(fieldDb(app.store.db), { target: 40 });
      expect(made).toMatchObject({ areas: 2, stations: 2, unknownStations: 0 });
      const listed = await listAreas(fieldDb(app.store.db));
      expect(listed.map((a) => [a.id, a.registered, a.stations, a.doors])).toEqual([
        ['A01', 45, 1, 28],
        ['A02', 13, 1, 8],
      ]);
    });
  });
}
