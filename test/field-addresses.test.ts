/**
 * Field addresses: the readers on the real BAN samples and on small fixtures (both layouts, BOM,
 * CRLF, quotes, Latin-1, bad lines), and the import into both stores: batches, resume after a
 * crash mid-import, re-import in place, and the household key that links a door to contacts.
 */
import { copyFileSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import { InputError } from '../src/core/errors';
import { importContacts } from '../src/contacts/imports';
import { importAddresses, readAllAddresses } from '../src/field/addresses';
import { fieldDb } from '../src/field/tables';
import { backends } from './support/backends';

const FIXTURES = fileURLToPath(new URL('./fixtures/field/', import.meta.url));

describe('address readers', () => {
  it('reads the 22-column BAN sample: 9 rows, the STRING_LON_LAT line reported at line 11', async () => {
    const r = await readAllAddresses(join(FIXTURES, 'ban-legacy-22-columns.csv'));
    expect(r.source.layout.format).toBe('ban');
    expect(r.rows).toHaveLength(9);
    expect(r.rows[0]).toMatchObject({ line: 2, extId: '38002_wg4wtw_00010', number: '10', street: 'Allée des Terrasses', postcode: '38190', city: 'Les Adrets', lat: 45.256792, lon: 5.99575, doors: 1 });
    expect(r.rows[8]).toMatchObject({ extId: '38002_wngc6j_00105', number: '105', street: 'Chemin des Bruns', lat: 45.272182, lon: 5.964291 });
    expect(r.bad).toEqual([{ line: 11, column: 'lat', reason: 'expected a latitude in degrees (-90 to 90), found "STRING_LON_LAT"' }]);
  });

  it('reads the 23-column Paris sample: 55 rows, numbers with their suffix, households keyed on the postal name', async () => {
    const r = await readAllAddresses(join(FIXTURES, 'ban-paris-butte-aux-cailles.csv'));
    expect([r.source.layout.format, r.rows.length, r.bad.length]).toEqual(['ban', 55, 0]);
    expect(r.rows.filter((x) => x.street === 'Rue Gérard')).toHaveLength(29);
    expect(r.rows.find((x) => x.extId === '75113_4162_00054_b')).toMatchObject({ number: '54B', lat: 48.829084, lon: 2.351685, city: 'Paris 13e Arrondissement', household: '54b r gerard|75013|paris' });
    expect(r.rows.at(-1)).toMatchObject({ extId: '75113_7251_00020_b', number: '20B', street: 'Rue du Père Guérin' });
  });

  it('reads a BAN file with BOM, CRLF, quoted fields and lat before lon; a missing lat is a bad line', async () => {
    const r = await readAllAddresses(join(FIXTURES, 'ban-quoted-crlf.csv'));
    expect(r.rows.map((x) => [x.line, x.extId, x.number, x.street, x.lat, x.lon])).toEqual([
      [2, '75113_4162_00012', '12', 'Rue Gérard', 48.82995, 2.3529],
      [3, '75113_4162_00012_bis', '12 bis', 'Rue Gérard', 48.82996, 2.35291],
      [5, '75113_0001_00003', '3', 'Rue "des" Cinq-Diamants', 48.828, 2.3505],
    ]);
    expect(r.bad).toEqual([{ line: 4, column: 'lat', reason: 'expected a latitude in degrees (-90 to 90), found nothing' }]);
  });

  it('reports each bad line of a generic CSV with its line, column and what was expected and found', async () => {
    const r = await readAllAddresses(join(FIXTURES, 'generic-comma.csv'));
    expect(r.source.layout.format).toBe('generic');
    expect(r.rows.map((x) => x.extId)).toEqual(['g1', 'g2', 'g3', 'g9', 'g10']);
    expect(r.rows[2]).toMatchObject({ street: 'Place de la Commune, côté nord', doors: 8, station: 'S9', block: 'B2' });
    expect(r.bad).toEqual([
      { line: 5, column: 'id', reason: 'expected an address id, found nothing' },
      { line: 6, column: 'lat', reason: 'expected a latitude in degrees (-90 to 90), found "91.5"' },
      { line: 7, column: 'lon', reason: 'expected a longitude in degrees (-180 to 180), found "east"' },
      { line: 8, column: 'doors', reason: 'expected a whole number of households from 1 to 10,000, found "0"' },
      { line: 9, column: null, reason: 'expected 10 columns as in the header, found 7' },
      { line: 12, column: 'doors', reason: 'expected a whole number of households from 1 to 10,000, found "2.5"' },
    ]);
  });

  it('takes positions written out as decimals and plausible households only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hustings-addr-'));
    const file = join(dir, 'odd.csv');
    const rows = ['id,street,lat,lon,doors', 'a,Rue A,48.1,-1.5,2', 'b,Rue A,1e1,2.3,1', 'c,Rue A,48.2,0x10,1', 'd,Rue A,48.3,2.3,99999999', 'e,Rue A,48.4,2.3,1e3', 'f,Rue A,+48.5,.5,10000', 'g,Rue A,48.6,2.3, 3 '];
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = await readAllAddresses(file);
    expect(r.rows.map((x) => [x.extId, x.lat, x.lon, x.doors])).toEqual([['a', 48.1, -1.5, 2], ['f', 48.5, 0.5, 10000], ['g', 48.6, 2.3, 3]]);
    expect(r.bad).toEqual([
      { line: 3, column: 'lat', reason: 'expected a latitude in degrees (-90 to 90), found "1e1"' },
      { line: 4, column: 'lon', reason: 'expected a longitude in degrees (-180 to 180), found "0x10"' },
      { line: 5, column: 'doors', reason: 'expected a whole number of households from 1 to 10,000, found "99999999"' },
      { line: 6, column: 'doors', reason: 'expected a whole number of households from 1 to 10,000, found "1e3"' },
    ]);
  });

  it('reads French header names, semicolons, decimal commas and Latin-1', async () => {
    const r = await readAllAddresses(join(FIXTURES, 'generic-semicolon-latin1.csv'));
    expect([r.source.encoding, r.source.delimiter]).toEqual(['windows-1252', ';']);
    expect(r.rows.map((x) => [x.extId, x.street, x.lat, x.lon, x.doors, x.station])).toEqual([
      ['f1', "Rue de l'Église", 48.3904, -4.4861, 12, '0001'],
      ['f2', "Rue de l'Église", 48.3905, -4.4859, 1, null],
      ['f3', "Rue de l'Église", 48.3906, -4.4857, 1, null],
    ]);
    expect(r.bad).toEqual([{ line: 6, column: 'Latitude', reason: 'expected a latitude in degrees (-90 to 90), found nothing' }]);
  });

  it('reads a Base Adresse Locale file (cle_interop, voie_nom, suffixe, long) as a generic CSV', async () => {
    const r = await readAllAddresses(join(FIXTURES, 'bal-1.3.csv'));
    expect(r.source.layout.format).toBe('generic');
    expect(r.rows.map((x) => [x.extId, x.number, x.street, x.city, x.lat, x.lon])).toEqual([
      ['29019_0123_00003', '3 bis', 'Rue de Siam', 'Brest', 48.3897, -4.4872],
      ['29019_0123_00005', '5', 'Rue de Siam', 'Brest', 48.3898, -4.487],
    ]);
    expect(r.bad).toEqual([]);
  });

  it('forced BAN on a generic header names the missing columns; a file without readable lines is an InputError', async () => {
    await expect(readAllAddresses(join(FIXTURES, 'generic-comma.csv'), { format: 'ban' })).rejects.toThrow('generic-comma.csv: the header of a ban address file needs the column(s) number (numero); street (nom_voie); postcode (code_postal); city (nom_commune)');
    await expect(readAllAddresses(join(FIXTURES, 'stations.csv'))).rejects.toThrow(InputError);
  });

  it('takes 0,0 for the missing position it stands for, not a door in the Gulf of Guinea', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hustings-addr-')), 'zero.csv');
    writeFileSync(file, 'id,street,lat,lon\nz1,Rue A,0,0\nz2,Rue B,0,2.35\n');
    const r = await readAllAddresses(file);
    expect(r.rows.map((x) => x.extId)).toEqual(['z2']);
    expect(r.bad).toEqual([{ line: 2, column: 'lat', reason: 'expected a position, found 0,0 (the placeholder of a missing one)' }]);
  });

  it('quotes at most 30 columns of 40 characters of a header it cannot use (a data row, in a file without one)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hustings-addr-')), 'noheader.csv');
    writeFileSync(file, `${Array.from({ length: 200 }, (_, i) => `value ${i} ${'x'.repeat(100)}`).join(',')}\n`);
    const error = await readAllAddresses(file).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message.length).toBeLessThan(2000);
    expect((error as Error).message).toMatch(/, … \(200 columns\)$/);
  });
});

async function count(app: App, table: string): Promise<number> {
  const r = await app.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** n generic rows; every 97th line has no id (bad). */
function generated(n: number): string {
  const lines = ['id,street,number,postcode,city,lat,lon,doors'];
  for (let i = 1; i <= n; i++) lines.push(`${i % 97 === 0 ? '' : `a${i}`},Rue ${i % 50},${i},75013,Paris,${(48.82 + (i % 100) / 10000).toFixed(5)},${(2.35 + Math.floor(i / 100) / 10000).toFixed(5)},${1 + (i % 3)}`);
  return `${lines.join('\n')}\n`;
}

for (const backend of backends()) {
  describe(`field address import on ${backend.name}`, () => {
    let app: App;
    let dir: string;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const fresh = await backend.fresh();
      ({ dir, cleanup } = fresh);
      app = await openApp(fresh.config);
    });

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('imports a BAN file and finds it again in place when imported twice', async () => {
      const file = join(FIXTURES, 'ban-paris-butte-aux-cailles.csv');
      const first = await importAddresses(app.store, file, { batchRows: 20 });
      expect([first.read, first.stored, first.updated, first.bad, first.format]).toEqual([55, 55, 0, 0, 'ban']);
      const again = await importAddresses(app.store, file, { batchRows: 20 });
      expect([again.read, again.stored, again.updated, again.resumedAfter]).toEqual([55, 0, 55, null]);
      expect(await count(app, 'field_addresses')).toBe(55);
      const row = await fieldDb(app.store.db).selectFrom('field_addresses').selectAll().where('ext_id', '=', '75113_4162_00032').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ street: 'Rue Gérard', number: '32', postcode: '75013', doors: 1, household: '32 r gerard|75013|paris' });
      // Unchanged rows are left as they were: import_id names the import that last changed them.
      expect(Number(row.import_id)).toBe(first.importId);
    });

    it('reports an id a file gives twice, in one batch or two, and keeps the first address', async () => {
      const file = join(dir, 'twice.csv');
      writeFileSync(file, 'id,street,number,postcode,city,lat,lon,doors\nd1,Rue A,1,75013,Paris,48.83,2.36,1\nd2,Rue A,3,75013,Paris,48.83,2.36,1\nd1,Rue B,1,75013,Paris,48.84,2.36,1\nd3,Rue A,5,75013,Paris,48.83,2.36,1\nd2,Rue C,9,75013,Paris,48.83,2.36,2\n');
      const s = await importAddresses(app.store, file, { batchRows: 3 });
      expect([s.read, s.stored, s.updated, s.bad]).toEqual([5, 3, 0, 2]);
      expect(s.badLines).toEqual([
        { line: 4, column: 'id', reason: 'expected each address id once, found d1 given already on line 2; this line is skipped' },
        { line: 6, column: 'id', reason: 'expected each address id once, found d2 given already earlier in this file; this line is skipped' },
      ]);
      const rows = async () => (await fieldDb(app.store.db).selectFrom('field_addresses').select(['ext_id', 'street']).where('ext_id', 'in', ['d1', 'd2', 'd3']).orderBy('ext_id').execute()).map((r) => [r.ext_id, r.street]);
      expect(await rows()).toEqual([['d1', 'Rue A'], ['d2', 'Rue A'], ['d3', 'Rue A']]);
      // Imported again (the same export a month later): d2's first line is unchanged and keeps the first import's
      // stamp, yet its repeat in the second batch is still a bad line, not an update.
      utimesSync(file, new Date(), new Date(Date.now() + 5_000));
      const again = await importAddresses(app.store, file, { batchRows: 3 });
      expect([again.read, again.stored, again.bad]).toEqual([5, 0, 2]);
      expect(again.badLines.map((b) => b.line)).toEqual([4, 6]);
      expect(await rows()).toEqual([['d1', 'Rue A'], ['d2', 'Rue A'], ['d3', 'Rue A']]);
    });

    it('says the encoding it read with: Windows-1252 for a file whose first 256 KiB are ASCII and a later line has é', async () => {
      // The encoding is decided at the first byte that is not ASCII (core/encoding.ts); the summary said utf-8, as first assumed.
      const file = join(dir, 'late-accent.csv');
      const lines = ['id,street,number,postcode,city,lat,lon,doors', ...Array.from({ length: 6_000 }, (_, i) => `w${i + 1},Rue Haute,${i + 1},75013,Paris,48.83,2.36,1`)];
      const head = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
      expect(head.length).toBeGreaterThan(256 * 1024);
      writeFileSync(file, Buffer.concat([head, Buffer.from("wlast,Rue de l'\xc9glise \xe9clair\xe9e,1,75013,Paris,48.83,2.36,1\n", 'latin1')]));
      const s = await importAddresses(app.store, file);
      expect([s.encoding, s.stored, s.bad]).toEqual(['windows-1252', lines.length, 0]);
      const row = await fieldDb(app.store.db).selectFrom('field_addresses').select('street').where('ext_id', '=', 'wlast').executeTakeFirstOrThrow();
      expect(row.street).toBe("Rue de l'Église éclairée");
    });

    it('a changed line updates its row in place; an unchanged one is left as it was', async () => {
      const v1 = join(dir, 'v1.csv');
      const v2 = join(dir, 'v2.csv');
      writeFileSync(v1, 'id,street,number,postcode,city,lat,lon,doors\nc1,Rue Nationale,1,75013,Paris,48.83,2.36,4\nc2,Rue Nationale,3,75013,Paris,48.83,2.361,1\n');
      writeFileSync(v2, 'id,street,number,postcode,city,lat,lon,doors,station\nc1,Rue Nationale,1,75013,Paris,48.83,2.36,6,0042\nc2,Rue Nationale,3,75013,Paris,48.83,2.361,1,\n');
      const first = await importAddresses(app.store, v1);
      const second = await importAddresses(app.store, v2);
      expect([second.stored, second.updated]).toEqual([0, 2]);
      const rows = await fieldDb(app.store.db).selectFrom('field_addresses').select(['ext_id', 'doors', 'station', 'import_id']).where('ext_id', 'in', ['c1', 'c2']).orderBy('ext_id').execute();
      expect(rows.map((r) => [r.ext_id, Number(r.doors), r.station, Number(r.import_id)])).toEqual([
        ['c1', 6, '0042', second.importId],
        ['c2', 1, null, first.importId],
      ]);
    });

    it('resumes after a crash mid-import: every good row exactly once, bad lines counted once', async () => {
      const file = join(dir, 'many.csv');
      writeFileSync(file, generated(1000));
      const crash = importAddresses(app.store, file, {
        batchRows: 100,
        onBatch: (n) => {
          if (n === 4) throw new Error('simulated crash');
        },
      });
      await expect(crash).rejects.toThrow('simulated crash');
      const db = fieldDb(app.store.db);
      const kept = await db.selectFrom('field_addresses').select('ext_id').where('ext_id', 'like', 'a%').execute();
      expect(kept).toHaveLength(300);
      const resumed = await importAddresses(app.store, file, { batchRows: 100 });
      const bad = Math.floor(1000 / 97);
      expect(resumed.resumedAfter).toBeGreaterThan(300);
      expect([resumed.read, resumed.stored, resumed.updated, resumed.bad]).toEqual([1000, 1000 - bad, 0, bad]);
      expect(resumed.badLines.map((b) => b.line)).toEqual(Array.from({ length: bad }, (_, i) => 97 * (i + 1) + 1));
      const all = await db.selectFrom('field_addresses').select('ext_id').where('ext_id', 'like', 'a%').execute();
      expect(all).toHaveLength(1000 - bad);
      expect(new Set(all.map((r) => r.ext_id)).size).toBe(1000 - bad);
    });

    it('a file with no readable line is an InputError, and nothing is stored', async () => {
      const file = join(dir, 'all-bad.csv');
      writeFileSync(file, 'id,street,lat,lon\n,Rue A,48.8,2.3\nx,Rue B,north,2.3\n');
      const before = await count(app, 'field_addresses');
      await expect(importAddresses(app.store, file)).rejects.toThrow(/no readable address line \(2 bad; line 2: expected an address id/);
      expect(await count(app, 'field_addresses')).toBe(before);
    });

    it("links a door to the contact who lives there through the household key", async () => {
      const file = join(dir, 'generic.csv');
      copyFileSync(join(FIXTURES, 'generic-comma.csv'), file);
      const s = await importAddresses(app.store, file);
      expect([s.stored, s.bad]).toEqual([5, 6]);
      await importContacts(app, {
        file: { label: 'door test', header: ['given_name', 'family_name', 'street', 'postcode', 'city'], rows: [['Ada', 'Martin', '12 Rue Gérard', '75013', 'Paris'], ['Bo', 'Durand', '13 Rue Gérard', '75013', 'Paris']] },
        mapping: null,
        source: { basis: 'consent', collectedAt: Date.parse('2026-05-01'), collector: 'test', noticeVersion: 'v1' },
        actor: 'tester',
      });
      const db = fieldDb(app.store.db);
      const found = await db
        .selectFrom('field_addresses as d')
        .innerJoin('addresses as a', 'a.household', 'd.household')
        .innerJoin('people as p', 'p.id', 'a.person_id')
        .select(['d.ext_id', 'p.given_name'])
        .where('d.ext_id', '=', 'g1')
        .execute();
      expect(found).toEqual([{ ext_id: 'g1', given_name: 'Ada' }]);
    });
  });
}
