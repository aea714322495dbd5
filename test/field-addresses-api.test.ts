/**
 * The field address routes: an organiser uploads an address CSV, sees the areas with their
 * stations, addresses and doors, and an area's doors for the map; a canvasser is refused.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { importStations, readAreasCsv, saveAreas } from '../src/field/areas';
import { fieldDb } from '../src/field/tables';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';

const FIXTURES = fileURLToPath(new URL('./fixtures/field/', import.meta.url));
const PASSWORD = 'a long enough password';
type Json = Record<string, unknown>;

async function server(t: TestApp) {
  const users = new UserStore(t.app.store);
  for (const [name, role] of [['org', 'organiser'], ['can', 'canvasser']] as const) await users.add(name, role, PASSWORD);
  const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', store: t.app.store, pseudonymiser: t.app.pseudonymiser });
  const tokens = new Map<string, string>();
  for (const name of ['org', 'can']) tokens.set(name, await users.issueToken(name, 'tests'));
  return async (who: string, method: string, path: string, body?: string | Buffer) => {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(who)!}` };
    if (body !== undefined) headers['content-type'] = 'text/csv';
    const r = await api.request(path, { method, headers, body }, { incoming: { socket: { remoteAddress: '192.0.2.1' } } });
    return { status: r.status, body: (await r.json()) as Json };
  };
}

describe.each(backends())('the field address API on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('imports an upload, links it, lists areas and an area’s doors; canvassers are refused', async () => {
    t = await openTestApp(backend);
    const call = await server(t);
    const db = fieldDb(t.app.store.db);
    await importStations(db, `${FIXTURES}stations.csv`);
    await saveAreas(db, (await readAreasCsv(`${FIXTURES}areas.csv`)).areas, 'areas.csv');
    expect((await call('can', 'POST', '/api/field/addresses/import', 'id,street,lat,lon\nx,Rue A,48.8,2.3\n')).status).toBe(403);
    const imported = await call('org', 'POST', '/api/field/addresses/import', readFileSync(`${FIXTURES}generic-comma.csv`));
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ read: 11, stored: 5, updated: 0, bad: 6, format: 'generic', link: { linkedByDistance: 3, noStation: 1, withArea: 4 } });
    expect((imported.body.badLines as Json[])[0]).toEqual({ line: 5, column: 'id', reason: 'expected an address id, found nothing' });
    const bad = await call('org', 'POST', '/api/field/addresses/import?format=ban', readFileSync(`${FIXTURES}generic-comma.csv`));
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/needs the column\(s\) number \(numero\)/);
    // The error names the upload, not its temporary path on the server.
    expect(String(bad.body.error)).toMatch(/^addresses\.csv: /);
    expect(String(bad.body.error)).not.toContain('hustings-upload-');

    const areas = await call('org', 'GET', '/api/field/areas');
    expect((areas.body.areas as Json[]).map((a) => [a.id, a.stations, a.addresses, a.doors])).toEqual([
      ['EST', 1, 0, 0],
      ['NORD', 2, 3, 28],
      ['SUD', 1, 1, 8],
    ]);
    const nord = await call('org', 'GET', '/api/field/areas/NORD/addresses');
    expect(nord.body.addresses).toEqual([
      { id: expect.any(Number), street: 'Rue Gérard', number: '12', lat: 48.8297, lon: 2.3525, doors: 24, station: 'S1' },
      { id: expect.any(Number), street: 'Rue du Père Guérin', number: '6', lat: 48.830467, lon: 2.354428, doors: 1, station: 'S2' },
      { id: expect.any(Number), street: 'Rue Bobillot', number: '101', lat: 48.8265, lon: 2.354, doors: 3, station: 'S1' },
    ]);
    expect((await call('org', 'GET', '/api/field/areas/NOPE/addresses')).status).toBe(404);
    expect((await call('can', 'GET', '/api/field/areas')).status).toBe(403);
    const log = await db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'field.addresses.import').execute();
    expect(log).toEqual([{ actor: 'org', action: 'field.addresses.import' }]);
  });

  it('refuses an upload over the limit as it arrives (413) and a form it cannot read (400)', async () => {
    t = await openTestApp(backend);
    const call = await server(t);
    const big = Buffer.alloc(51 * 1024 * 1024, 0x61);
    const tooBig = await call('org', 'POST', '/api/field/addresses/import', big);
    expect([tooBig.status, tooBig.body.error]).toEqual([413, 'upload: larger than 50 MB; import such a file with `hustings field addresses import`']);
    const api = createServerApp({ users: new UserStore(t.app.store), posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', store: t.app.store, pseudonymiser: t.app.pseudonymiser });
    const token = await new UserStore(t.app.store).issueToken('org', 'tests');
    const garbled = await api.request('/api/field/addresses/import', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=xyz' }, body: 'garbage' });
    expect(garbled.status).toBe(400);
    expect(((await garbled.json()) as Json).error).toMatch(/^upload: expected a multipart\/form-data body with a file in the field "file"/);
  });
});
