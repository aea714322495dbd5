import { describe, afterEach, expect, it } from 'vitest';
import { assignList, createList } from '../src/contacts/lists';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';

const CSV = [
  'first_name,last_name,street,postcode,city,area,consent_canvassing_door',
  'Anne,Door,1 rue A,29200,Brest,29019_0001,yes',
  'Bruno,Door,2 rue B,29200,Brest,29019_0001,yes',
  'Carla,NoDoor,3 rue C,29200,Brest,29019_0001,no',
  'Denis,Elsewhere,4 rue D,34000,Montpellier,34172_0001,yes',
].join('\n');

describe.each(backends())('canvass lists through the API on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('an organiser makes a walk list for a canvasser, who sees only its people who still consent', async () => {
    t = await openTestApp(backend);
    const users = new UserStore(t.app.store);
    const tokens = new Map<string, string>();
    for (const [name, role] of [['root', 'admin'], ['org', 'organiser'], ['can', 'canvasser'], ['can2', 'canvasser']] as const) {
      await users.add(name, role, 'a long enough password');
      tokens.set(name, await users.issueToken(name, 't'));
    }
    const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', store: t.app.store, pseudonymiser: t.app.pseudonymiser });
    const call = async (who: string, method: string, path: string, payload?: unknown, type = 'application/json') => {
      const r = await api.request(path, { method, headers: { authorization: `Bearer ${tokens.get(who)!}`, ...(payload === undefined ? {} : { 'content-type': type }) }, body: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload) });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> & { lists: { id: number }[]; people: { id: number }[] } };
    };
    expect((await call('root', 'POST', '/api/contacts/import?label=l.csv&basis=consent&noticeVersion=v1', CSV, 'text/csv')).status).toBe(200);
    expect((await call('root', 'PUT', '/api/contacts/areas/org', { areas: ['29019_0001'] })).status).toBe(200);
    // A canvasser may not make lists; an organiser's list holds the people of their areas who consented to the door.
    expect((await call('can', 'POST', '/api/contacts/lists', { name: 'x', purpose: 'canvassing', channel: 'door' })).status).toBe(403);
    const made = await call('org', 'POST', '/api/contacts/lists', { name: 'Brest walk 1', purpose: 'canvassing', channel: 'door', definition: { all: [] }, assignedTo: 'can', days: 7 });
    expect(made).toMatchObject({ status: 200, body: { members: 2 } });
    const listId = (made.body.list as { id: number }).id;
    expect((await call('can', 'GET', '/api/contacts/lists')).body.lists.map((l) => l.id)).toEqual([listId]);
    expect((await call('can2', 'GET', '/api/contacts/lists')).body.lists).toEqual([]);
    // Organisers see every list, with its use and whom it is for.
    expect((await call('org', 'GET', '/api/contacts/lists')).body.lists).toEqual([expect.objectContaining({ id: listId, name: 'Brest walk 1', use: { purpose: 'canvassing', channel: 'door' }, assignedTo: 'can' })]);
    const people = await call('can', 'GET', `/api/contacts/lists/${listId}/people`);
    expect(people.body.people).toHaveLength(2);
    // The other canvasser cannot read it at all (as if it did not exist); search and profiles are scoped the same way.
    expect(await call('can2', 'GET', `/api/contacts/lists/${listId}/people`)).toEqual({ status: 404, body: { error: `list ${listId}: no such list` } });
    expect((await call('can2', 'GET', '/api/contacts/lists/999/people')).status).toBe(404);
    const bruno = people.body.people.find((p) => (p as unknown as { givenName: string }).givenName === 'Bruno')!;
    expect((await call('can2', 'GET', `/api/contacts/people/${bruno.id}`)).status).toBe(404);
    const seenByCanvasser = await call('can', 'GET', `/api/contacts/people/${bruno.id}`);
    expect(seenByCanvasser.status).toBe(200);
    // A canvasser's profile has the person, not the files that hold them, their rights requests or the review queue.
    await call('root', 'POST', '/api/contacts/requests', { kind: 'access', personId: bruno.id });
    const full = (await call('root', 'GET', `/api/contacts/people/${bruno.id}`)).body as unknown as { rightsRequests: unknown[] };
    expect(full.rightsRequests).toHaveLength(1);
    expect(seenByCanvasser.body).toMatchObject({ givenName: 'Bruno', exports: [], rightsRequests: [], reviews: [] });
    expect(((await call('can', 'GET', `/api/contacts/people/${bruno.id}`)).body as unknown as { rightsRequests: unknown[] }).rightsRequests).toEqual([]);
    expect(((await call('org', 'GET', `/api/contacts/people/${bruno.id}`)).body as unknown as { rightsRequests: unknown[] }).rightsRequests).toEqual([]);
    // The canvasser records the visit.
    expect((await call('can', 'POST', `/api/contacts/people/${bruno.id}/activities`, { kind: 'contact', channel: 'door', detail: 'not interested' })).status).toBe(200);
    expect((await call('can', 'GET', '/api/contacts/people?limit=50')).body.people.map((p) => p.id)).toContain(bruno.id);
    // Bruno withdraws at the door: he leaves the list at its next read, and the canvasser's sight with it (profile, search, activities).
    expect((await call('org', 'POST', `/api/contacts/people/${bruno.id}/consents`, { purpose: 'canvassing', channel: 'door', granted: false, how: 'at the door' })).status).toBe(200);
    expect((await call('can', 'GET', `/api/contacts/lists/${listId}/people`)).body.people).toHaveLength(1);
    expect(await call('can', 'GET', `/api/contacts/people/${bruno.id}`)).toEqual({ status: 404, body: { error: `no person ${bruno.id}` } });
    expect((await call('can', 'POST', `/api/contacts/people/${bruno.id}/activities`, { kind: 'contact', channel: 'door' })).status).toBe(404);
    const seen = await call('can', 'GET', '/api/contacts/people?limit=50');
    expect([seen.body.total, seen.body.people.map((p) => p.id)]).toEqual([1, [expect.any(Number)]]);
    expect(seen.body.people[0]!.id).not.toBe(bruno.id);

    // An admin's list of everyone: an organiser may not hand it on (its people are beyond their areas); its maker may.
    const all = await call('root', 'POST', '/api/contacts/lists', { name: 'everyone', purpose: 'canvassing', channel: 'door', definition: { all: [] } });
    const allId = (all.body.list as { id: number }).id;
    expect(await call('org', 'POST', `/api/contacts/lists/${allId}/assign`, { user: 'can2' })).toMatchObject({ status: 403, body: { error: expect.stringContaining('was made by root; only they or an admin') } });
    expect((await call('can2', 'GET', '/api/contacts/lists')).body.lists).toEqual([]);
    expect((await call('org', 'POST', `/api/contacts/lists/${listId}/assign`, { user: 'can2' })).status).toBe(200);
    expect((await call('org', 'POST', '/api/contacts/lists/999/assign', { user: 'can2' })).status).toBe(404);
    // Lists go to users who exist and can read them.
    expect(await call('root', 'POST', `/api/contacts/lists/${allId}/assign`, { user: 'ghost' })).toMatchObject({ status: 400, body: { error: 'assignedTo: expected the name of a user, found "ghost", who does not exist' } });
    expect(await call('org', 'POST', '/api/contacts/lists', { name: 'y', purpose: 'canvassing', channel: 'door', definition: { all: [] }, assignedTo: 'nobody' })).toMatchObject({ status: 400 });
    expect(await call('org', 'POST', '/api/contacts/lists', { name: 'y', purpose: 'canvassing', channel: 'door', definition: { all: [] }, assignedTo: '' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('expected the name of a user, or null') } });
    expect(await call('org', 'POST', `/api/contacts/lists/${listId}/assign`, { user: ' ' })).toMatchObject({ status: 400 });
    // A segment and a definition both: which one was meant is a guess.
    expect(await call('org', 'POST', '/api/contacts/lists', { name: 'y', purpose: 'canvassing', channel: 'door', segment: 'x', definition: { all: [] } })).toMatchObject({ status: 400, body: { error: expect.stringContaining('expected a segment or a definition, not both') } });
  });

  it('the engine, not only the API, hands a list only to a user who exists and can read lists (the command line goes through it)', async () => {
    t = await openTestApp(backend);
    const users = new UserStore(t.app.store);
    await users.add('viewer1', 'viewer', 'a long enough password');
    await users.add('walker', 'canvasser', 'a long enough password');
    const admin = { name: 'root', role: 'admin' } as const;
    const make = (assignedTo: string | null) => createList(t.app.store, { condition: { all: [] }, name: 'w', use: { purpose: 'canvassing', channel: 'door' }, assignedTo, expiresAt: null, actor: admin });
    await expect(make('ghost')).rejects.toThrow('assignedTo: expected the name of a user, found "ghost", who does not exist');
    await expect(make('viewer1')).rejects.toThrow('assignedTo: viewer1 is a viewer, who cannot read lists; expected a canvasser, organiser or admin');
    const { list } = await make(null);
    await expect(assignList(t.app.store, list.id, 'ghost2', admin)).rejects.toThrow(/found "ghost2", who does not exist/);
    await assignList(t.app.store, list.id, 'walker', admin);
    const lists = await t.app.store.db.selectFrom('contact_lists' as never).select(['name' as never, 'assigned_to' as never]).execute();
    expect(lists).toEqual([{ name: 'w', assigned_to: 'walker' }]);
  });
});
