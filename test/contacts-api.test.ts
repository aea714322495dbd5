import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAccessFile } from '../src/contacts/rights';
import { contactsDb } from '../src/contacts/tables';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';

const PASSWORD = 'a long enough password';
const CSV = [
  'first_name,last_name,email,phone,postcode,area,tags,consent_newsletter_email',
  'Élodie,Martin,elodie.martin@example.org,06 12 34 56 78,34000,A1,volunteer|donor,yes',
  'Jean,Dupont,jean.dupont@example.org,,34000,A1,,no',
  'Marie,Durand,marie.durand@example.org,,29200,A2,volunteer,yes',
  'Paul,Bernard,,07 98 76 54 32,29200,A2,,',
].join('\n');

type Json = Record<string, unknown>;

async function contactsServer(t: TestApp) {
  const users = new UserStore(t.app.store);
  for (const [name, role] of [['root', 'admin'], ['org', 'organiser'], ['can', 'canvasser'], ['vic', 'viewer']] as const) await users.add(name, role, PASSWORD);
  const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', store: t.app.store, pseudonymiser: t.app.pseudonymiser });
  const tokens = new Map<string, string>();
  for (const name of ['root', 'org', 'can', 'vic']) tokens.set(name, await users.issueToken(name, 'tests'));
  const call = async (who: string | null, method: string, path: string, payload?: unknown, type = 'application/json', ip = '192.0.2.1') => {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${tokens.get(who)!}`;
    if (payload !== undefined) headers['content-type'] = type;
    const init = { method, headers, body: payload === undefined ? undefined : typeof payload === 'string' || payload instanceof Uint8Array ? payload : JSON.stringify(payload) };
    const r = await api.request(path, init, { incoming: { socket: { remoteAddress: ip } } });
    const ctype = r.headers.get('content-type') ?? '';
    return { status: r.status, type: ctype, headers: r.headers, body: (ctype.includes('json') && !r.headers.get('content-disposition') ? await r.json() : await r.text()) as Json & string };
  };
  const imported = await call('root', 'POST', '/api/contacts/import?label=test.csv&basis=consent&noticeVersion=v1&collectedAt=2026-01-01', CSV, 'text/csv');
  expect(imported).toMatchObject({ status: 200, body: { rows: 4, created: 4, bad: 0 } });
  const db = contactsDb(t.app.store.db);
  const ids = new Map((await db.selectFrom('people').select(['id', 'given_name']).execute()).map((p) => [p.given_name, Number(p.id)]));
  return { call, db, ids };
}

describe.each(backends())('the contacts API on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('searches people by name prefix, e-mail, phone and tag, and audits reads without personal data', async () => {
    t = await openTestApp(backend);
    const { call, db, ids } = await contactsServer(t);
    const all = await call('root', 'GET', '/api/contacts/people');
    expect(all.body.total).toBe(4);
    const names = async (q: string) => ((await call('root', 'GET', `/api/contacts/people?q=${encodeURIComponent(q)}`)).body.people as { givenName: string }[]).map((p) => p.givenName).sort();
    expect(await names('mar')).toEqual(['Marie', 'Élodie']);
    expect(await names('ÉLODIE MAR')).toEqual(['Élodie']);
    expect(await names('Jean.Dupont@Example.org')).toEqual(['Jean']);
    expect(await names('0798765432')).toEqual(['Paul']);
    expect(await names('+33 6 12 34 56 78')).toEqual(['Élodie']);
    expect(await names('volunteer')).toEqual(['Marie', 'Élodie']);
    expect(await names('50%')).toEqual([]);
    const hit = ((await call('root', 'GET', '/api/contacts/people?q=elodie.martin@example.org')).body.people as Json[])[0];
    expect(hit).toMatchObject({ id: ids.get('Élodie'), area: 'A1', tags: 2, consents: ['newsletter/email'], withdrawn: 0 });

    const profile = await call('root', 'GET', `/api/contacts/people/${ids.get('Élodie')!}`);
    expect(profile.status).toBe(200);
    expect(profile.body.consents).toEqual([expect.objectContaining({ purpose: 'newsletter', channel: 'email', granted: true, noticeVersion: 'v1', source: expect.objectContaining({ kind: 'import', basis: 'consent', label: 'test.csv' }) })]);

    const log = await db.selectFrom('audit_log').select(['actor', 'action', 'subject', 'detail']).where('action', 'in', ['contacts.search', 'contacts.read']).orderBy('seq').execute();
    expect(log.filter((e) => e.action === 'contacts.search')).toHaveLength(9);
    expect(log[0]).toMatchObject({ actor: 'root', action: 'contacts.search', detail: JSON.stringify({ results: 4 }) });
    expect(log.at(-1)).toMatchObject({ actor: 'root', action: 'contacts.read', subject: `person:${ids.get('Élodie')!}`, detail: '{}' });
    expect(JSON.stringify(log)).not.toMatch(/example\.org|Élodie|Martin|\+33/);
  });

  it('lets each role see only its scope: viewer none, canvasser their lists, organiser their areas', async () => {
    t = await openTestApp(backend);
    const { call, db, ids } = await contactsServer(t);
    expect((await call('vic', 'GET', '/api/contacts/people')).status).toBe(403);
    // Nor the lists of people (their names, uses and who holds them).
    expect((await call('vic', 'GET', '/api/contacts/lists')).status).toBe(403);
    expect((await call('can', 'GET', '/api/contacts/people')).body).toMatchObject({ total: 0, people: [] });
    // A canvasser sees the members of their lists who may still be reached for the list's use: Jean said no to the newsletter.
    await db.insertInto('contact_lists').values({ id: 1, name: 'calls 1', purpose: 'newsletter', channel: 'email', assigned_to: 'can', created_by: 'root', created_at: Date.now(), expires_at: null }).execute();
    await db.insertInto('list_members').values([{ list_id: 1, person_id: ids.get('Jean')! }, { list_id: 1, person_id: ids.get('Élodie')! }]).execute();
    expect((await call('can', 'GET', '/api/contacts/people')).body).toMatchObject({ total: 1, people: [{ givenName: 'Élodie' }] });
    expect((await call('can', 'GET', `/api/contacts/people/${ids.get('Jean')!}`)).status).toBe(404);
    expect((await call('can', 'GET', `/api/contacts/people/${ids.get('Marie')!}`)).status).toBe(404);

    expect((await call('org', 'GET', '/api/contacts/people')).body.total).toBe(0);
    expect((await call('org', 'PUT', '/api/contacts/areas/org', { areas: ['A2'] })).status).toBe(403);
    expect(await call('root', 'PUT', '/api/contacts/areas/org', { areas: ['A2'] })).toMatchObject({ status: 200, body: { user: 'org', areas: ['A2'] } });
    expect(await call('root', 'PUT', '/api/contacts/areas/nobody', { areas: ['A2'] })).toMatchObject({ status: 404, body: { error: 'no user nobody' } });
    expect((await call('org', 'GET', '/api/contacts/people')).body).toMatchObject({ total: 2 });
    // Out of scope answers as an id that does not exist: nothing tells that the person is stored.
    const outside = await call('org', 'GET', `/api/contacts/people/${ids.get('Élodie')!}`);
    const missing = await call('org', 'GET', '/api/contacts/people/999999');
    expect([outside.status, missing.status]).toEqual([404, 404]);
    expect(outside.body.error).toBe(`no person ${ids.get('Élodie')!}`);
    expect((await call('org', 'GET', `/api/contacts/people/${ids.get('Marie')!}`)).status).toBe(200);

    const definition = encodeURIComponent(JSON.stringify({ tag: 'volunteer' }));
    expect((await call('org', 'GET', `/api/contacts/segments/count?definition=${definition}`)).body).toMatchObject({ count: 1 });
    expect((await call('root', 'GET', `/api/contacts/segments/count?definition=${definition}`)).body).toMatchObject({ count: 2 });
    expect((await call('root', 'GET', `/api/contacts/segments/count?definition=${definition}&purpose=newsletter&channel=email`)).body).toMatchObject({ count: 2 });
    expect((await call('root', 'GET', `/api/contacts/segments/count?definition=${encodeURIComponent('{"all":[]}')}&purpose=newsletter&channel=email`)).body).toMatchObject({ count: 2 });
    expect((await call('can', 'GET', `/api/contacts/segments/count?definition=${definition}`)).status).toBe(403);
    expect((await call('org', 'POST', '/api/contacts/segments', { name: 'volunteers', definition: { tag: 'volunteer' } })).status).toBe(200);
    expect((await call('org', 'GET', '/api/contacts/segments')).body.segments).toEqual([expect.objectContaining({ name: 'volunteers', condition: { tag: 'volunteer' } })]);
  });

  it('exports only for admins, and only the people who consented to the use', async () => {
    t = await openTestApp(backend);
    const { call, db } = await contactsServer(t);
    const request = { definition: { all: [] }, purpose: 'newsletter', channel: 'email' };
    expect((await call('org', 'POST', '/api/contacts/exports', request)).status).toBe(403);
    const csv = await call('root', 'POST', '/api/contacts/exports', request);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="contacts-newsletter-email-/);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe('person_id,given_name,family_name,email');
    expect(lines.slice(1).map((l) => l.split(',')[1]).sort()).toEqual(['Marie', 'Élodie']);
    // Every line is registered, so that an erasure knows which export held the person.
    expect(await db.selectFrom('export_lines').select('person_id').execute()).toHaveLength(2);
    const audience = await call('root', 'POST', '/api/contacts/exports', { ...request, format: 'audience' });
    expect(audience.body.trim().split(/\r?\n/)).toEqual(['email_sha256', expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('takes sign-ups without a login, through the import path, with the notice version and a consent required and a rate limit', async () => {
    t = await openTestApp(backend);
    const { call, db } = await contactsServer(t);
    const signup = { given_name: 'Zoé', email: 'zoe@example.net', consents: [{ purpose: 'newsletter', channel: 'email' }], notice_version: 'web-2026-01', form: 'homepage' };
    expect(await call(null, 'POST', '/api/contacts/signup', signup, 'application/json', '198.51.100.1')).toMatchObject({ status: 200, body: { ok: true } });
    const { notice_version: _n, ...noNotice } = signup;
    expect(await call(null, 'POST', '/api/contacts/signup', noNotice, 'application/json', '198.51.100.2')).toMatchObject({ status: 400, body: { error: expect.stringContaining('notice_version') } });
    expect(await call(null, 'POST', '/api/contacts/signup', { ...signup, consents: [] }, 'application/json', '198.51.100.2')).toMatchObject({ status: 400, body: { error: expect.stringContaining('at least one consent') } });
    // A refused sign-up leaves no source or import behind.
    const sources = async () => (await db.selectFrom('contact_sources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const sourcesBefore = Number(await sources());
    expect(await call(null, 'POST', '/api/contacts/signup', { ...signup, email: 'nobody@' }, 'application/json', '198.51.100.3')).toMatchObject({ status: 400, body: { error: 'body: email: nothing after the @' } });
    expect(Number(await sources())).toBe(sourcesBefore);
    const zoe = await db.selectFrom('people').select('id').where('given_name', '=', 'Zoé').executeTakeFirstOrThrow();
    const consent = await db.selectFrom('consents as c').innerJoin('contact_sources as s', 's.id', 'c.source_id').select(['c.notice_version', 's.kind', 's.basis', 's.label']).where('c.person_id', '=', zoe.id).executeTakeFirstOrThrow();
    expect(consent).toEqual({ notice_version: 'web-2026-01', kind: 'signup', basis: 'consent', label: 'homepage' });
    // 5 a minute from one address; another address is not held back.
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(null, 'POST', '/api/contacts/signup', { ...signup, email: `p${i}@example.net` }, 'application/json', '203.0.113.9')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await call(null, 'POST', '/api/contacts/signup', signup, 'application/json', '203.0.113.10')).status).toBe(200);

    // Zoé says no to the newsletter by phone; a sign-up in her name (anyone may send one) does not say yes again over it.
    expect((await call('root', 'POST', `/api/contacts/people/${zoe.id}/consents`, { purpose: 'newsletter', channel: 'email', granted: false, how: 'by phone' })).status).toBe(200);
    const reachable = async () => (await call('root', 'GET', `/api/contacts/segments/count?${new URLSearchParams({ definition: '{"all":[]}', purpose: 'newsletter', channel: 'email' })}`)).body.count as number;
    const before = await reachable();
    expect(before).toBeGreaterThan(0);
    const again = { ...signup, email: 'Zoe@Example.net\u200b', consents: [{ purpose: 'newsletter', channel: 'email' }, { purpose: 'canvassing', channel: 'email' }] };
    expect(await call(null, 'POST', '/api/contacts/signup', again, 'application/json', '203.0.113.11')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await reachable()).toBe(before);
    const state = await db.selectFrom('consent_state').select(['purpose', 'granted']).where('person_id', '=', zoe.id).orderBy('purpose').execute();
    expect(state.map((x) => [x.purpose, Number(x.granted)])).toEqual([['canvassing', 1], ['newsletter', 0]]);
    const review = (await call('root', 'GET', '/api/contacts/review')).body as unknown as { items: { kind: string; personId: number; reason: string }[] };
    expect(review.items).toEqual([expect.objectContaining({ kind: 'signup', personId: Number(zoe.id), reason: expect.stringContaining('asks again for newsletter/email') })]);
  });

  it('previews an upload with the guessed mapping, and logs rights requests with their deadline', async () => {
    t = await openTestApp(backend);
    const { call, ids } = await contactsServer(t);
    expect((await call('org', 'POST', '/api/contacts/import/preview', CSV, 'text/csv')).status).toBe(403);
    const preview = await call('root', 'POST', '/api/contacts/import/preview', CSV, 'text/csv');
    expect(preview.status).toBe(200);
    expect(preview.body.mapping).toMatchObject({ columns: { first_name: 'given_name', last_name: 'family_name', email: 'email', consent_newsletter_email: 'consent:newsletter/email' } });
    expect(await call('root', 'POST', '/api/contacts/requests', { kind: 'access', personId: ids.get('Jean'), receivedAt: '2026-01-31T10:00:00Z' })).toMatchObject({ status: 200 });
    const list = await call('root', 'GET', '/api/contacts/requests');
    expect(list.body.requests).toEqual([expect.objectContaining({ kind: 'access', dueAt: Date.parse('2026-02-28T10:00:00Z'), status: 'open' })]);
    expect((await call('org', 'GET', '/api/contacts/requests')).status).toBe(403);
    const access = await call('root', 'POST', `/api/contacts/people/${ids.get('Jean')!}/access`);
    expect(access.headers.get('content-disposition')).toContain(`person-${ids.get('Jean')!}.json`);
    expect(JSON.parse(access.body)).toMatchObject({ person: { givenName: 'Jean', familyName: 'Dupont' } });
    expect(await call('root', 'POST', '/api/contacts/people/987654/access')).toMatchObject({ status: 404 });
    // Rectification (art. 16): admins only, fields validated as an import does, audited by field name.
    const jean = ids.get('Jean')!;
    expect((await call('org', 'POST', `/api/contacts/people/${jean}/rectify`, { familyName: 'Dupond' })).status).toBe(403);
    expect(await call('root', 'POST', `/api/contacts/people/${jean}/rectify`, { familyName: 'Dupond', addEmails: ['J.Dupond@Example.org'] })).toMatchObject({ status: 200, body: { personId: jean, fields: ['family_name', 'emails'] } });
    expect((await call('root', 'GET', `/api/contacts/people/${jean}`)).body).toMatchObject({ familyName: 'Dupond' });
    expect(await call('root', 'POST', `/api/contacts/people/${jean}/rectify`, { addEmails: ['nope'] })).toMatchObject({ status: 400, body: { error: expect.stringContaining('addEmails') } });
    expect(await call('root', 'POST', `/api/contacts/people/${jean}/rectify`, { nickname: 'JD' })).toMatchObject({ status: 400 });
    expect(await call('root', 'POST', '/api/contacts/people/987654/rectify', { area: 'x' })).toMatchObject({ status: 404 });
    // A country as an import reads it (uk is GB); one that is none is refused, named, and nothing stored.
    expect(await call('root', 'POST', `/api/contacts/people/${jean}/rectify`, { address: { street: '10 Downing Street', postcode: 'SW1A 2AA', city: 'London', country: 'uk' } })).toMatchObject({ status: 200, body: { fields: ['address'] } });
    expect((await call('root', 'GET', `/api/contacts/people/${jean}`)).body.addresses).toEqual([expect.objectContaining({ country: 'GB', postcode: 'SW1A2AA' })]);
    expect(await call('root', 'POST', `/api/contacts/people/${jean}/rectify`, { address: { street: '1 rue A', city: 'Nulle part', country: 'ZZ' } })).toMatchObject({ status: 400, body: { error: expect.stringContaining('address.country') } });
    expect(await call('root', 'POST', `/api/contacts/people/${jean}/rectify`, { addPhones: ['020 7946 0000'], country: 'Atlantis' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('country') } });
    expect(await call('root', 'POST', `/api/contacts/people/${jean}/rectify`, { address: { street: ' ', postcode: '', city: '' } })).toMatchObject({ status: 400, body: { error: expect.stringContaining('null removes the address') } });
    // An e-mail retyped in capitals (removed as it was, added as typed) is the same value: it stays, with its source.
    const before = (await call('root', 'GET', `/api/contacts/people/${jean}`)).body.contactPoints;
    expect(await call('root', 'POST', `/api/contacts/people/${jean}/rectify`, { removeEmails: ['j.dupond@example.org'], addEmails: ['J.DUPOND@example.org'] })).toMatchObject({ status: 200, body: { fields: [] } });
    expect((await call('root', 'GET', `/api/contacts/people/${jean}`)).body.contactPoints).toEqual(before);
    expect(await call('root', 'POST', `/api/contacts/people/${ids.get('Élodie')!}/object`, {})).toMatchObject({ status: 200, body: { channels: ['*'], withdrawn: 1 } });
    // Her access export, and another file put at its path since: the erasure leaves that file and says so.
    const accessFile = join(t.dir, 'marie-access.json');
    await writeAccessFile(t.app, ids.get('Marie')!, accessFile, 'root');
    writeFileSync(accessFile, 'not hers\n');
    expect(await call('root', 'POST', `/api/contacts/people/${ids.get('Marie')!}/erase`, {})).toMatchObject({ status: 200, body: { files: 1, unchanged: [{ path: accessFile, kind: 'access', reason: expect.stringContaining('its bytes are not those of the access export written there') }] } });
    expect(readFileSync(accessFile, 'utf8')).toBe('not hers\n');
    expect((await call('root', 'GET', `/api/contacts/people/${ids.get('Marie')!}`)).status).toBe(404);
    expect((await call('root', 'GET', '/api/contacts/retention/preview')).body).toMatchObject({ policies: [], total: 0 });
  });

  it("keeps each import's report for a client that lost the answer, and refuses a second upload naming it", async () => {
    t = await openTestApp(backend);
    const { call } = await contactsServer(t);
    const list = await call('root', 'GET', '/api/contacts/imports');
    expect(list.status).toBe(200);
    const [first] = list.body.imports as { id: number; file: string; state: string; counts: Json }[];
    expect(first).toMatchObject({ file: 'test.csv', state: 'finished', counts: { rows: 4, created: 4, bad: 0 } });
    expect(await call('root', 'GET', `/api/contacts/imports/${first!.id}`)).toMatchObject({ status: 200, body: { id: first!.id, badRows: [] } });
    const again = await call('root', 'POST', '/api/contacts/import?label=test.csv&basis=consent&noticeVersion=v1&collectedAt=2026-01-01', CSV, 'text/csv');
    expect(again.status).toBe(400);
    expect(again.body.error).toContain(`GET /api/contacts/imports/${first!.id}`);
    for (const who of ['org', 'can', 'vic']) expect((await call(who, 'GET', '/api/contacts/imports')).status).toBe(403);
    expect((await call('root', 'GET', '/api/contacts/imports/987654')).status).toBe(404);
    expect((await call('root', 'GET', '/api/contacts/imports/x1')).status).toBe(404);
    expect((await call('root', 'GET', '/api/contacts/imports?limit=1e2')).status).toBe(400);
    expect((await call('root', 'GET', '/api/contacts/imports?page=2')).status).toBe(400);
  });

  it('refuses an upload with a header and no rows, or no bytes, or only a byte-order mark and blank lines, with a 400 naming the file, and records no import', async () => {
    t = await openTestApp(backend);
    const { call } = await contactsServer(t);
    const headerOnly = await call('root', 'POST', '/api/contacts/import?label=fete.csv&basis=consent&noticeVersion=v1', 'first_name,email,consent_newsletter_email\n', 'text/csv');
    expect([headerOnly.status, headerOnly.body.error]).toEqual([400, 'upload.csv: the file has a header line and no rows under it: nothing to import']);
    const noRecords = await call('root', 'POST', '/api/contacts/import?label=fete.json&basis=consent&noticeVersion=v1', '[]', 'application/json');
    expect([noRecords.status, noRecords.body.error]).toEqual([400, 'upload.csv: the file holds no records: nothing to import']);
    const empty = await call('root', 'POST', '/api/contacts/import?label=fete.csv&basis=consent&noticeVersion=v1', '', 'text/csv');
    expect([empty.status, empty.body.error]).toEqual([400, expect.stringMatching(/^upload: the file is empty/)]);
    const bom = await call('root', 'POST', '/api/contacts/import?label=fete.csv&basis=consent&noticeVersion=v1', '\ufeff\n', 'text/csv');
    expect([bom.status, bom.body.error]).toEqual([400, 'upload.csv: the file is empty (only a byte-order mark and blank lines or spaces); expected a CSV with a header line, or JSON records']);
    const bomPreview = await call('root', 'POST', '/api/contacts/import/preview', '\ufeff', 'text/csv');
    expect([bomPreview.status, bomPreview.body.error]).toEqual([400, 'upload.csv: the file is empty (only a byte-order mark); expected a CSV with a header line, or JSON records']);
    expect((await call('root', 'GET', '/api/contacts/imports')).body.imports).toHaveLength(1);
  });

  it('refuses, row by row as the command line does, a consent granted without a notice version, and an import without its basis', async () => {
    t = await openTestApp(backend);
    const { call, db } = await contactsServer(t);
    const file = ['first_name,email,consent_newsletter_email', 'Nora,nora@example.org,yes', 'Noe,noe@example.org,no'].join('\n');
    const noBasis = await call('root', 'POST', '/api/contacts/import?label=n.csv&noticeVersion=v1', file, 'text/csv');
    expect([noBasis.status, noBasis.body.error]).toEqual([400, 'import basis: expected the lawful basis of the collection: one of consent, explicit_consent, legitimate_interest, contract, legal_obligation, public_task, vital_interest, membership']);
    // A preview records nothing: no basis needed; without a notice version it shows the row the import would refuse.
    const reason = 'grants newsletter/email, and the import gives no version of the privacy notice the person was shown: expected one (--notice VERSION, noticeVersion over HTTP); a withdrawal needs none';
    const preview = await call('root', 'POST', '/api/contacts/import/preview', file, 'text/csv');
    expect([preview.status, preview.body.bad]).toEqual([200, [{ line: 2, column: 'consent_newsletter_email', reason }]]);
    expect((await call('root', 'POST', '/api/contacts/import/preview?noticeVersion=v1', file, 'text/csv')).body.bad).toEqual([]);
    const imported = await call('root', 'POST', '/api/contacts/import?label=n.csv&basis=consent&noticeVersion=%20', file, 'text/csv');
    expect(imported).toMatchObject({ status: 200, body: { rows: 2, created: 1, bad: 1, badRows: [{ line: 2, column: 'consent_newsletter_email', reason }] } });
    expect(await db.selectFrom('consents').select('id').where('granted', '=', 1).where('notice_version', 'is', null).execute()).toEqual([]);
  });

  it("takes a row's own notice version from its notice_version column, without the upload's noticeVersion", async () => {
    t = await openTestApp(backend);
    const { call, db } = await contactsServer(t);
    const file = ['first_name,email,consent_newsletter_email,notice_version', 'Nora,nora@example.org,yes,signup-v2', 'Noe,noe@example.org,yes,'].join('\n');
    const preview = await call('root', 'POST', '/api/contacts/import/preview', file, 'text/csv');
    expect(preview.body).toMatchObject({ mapping: { columns: { notice_version: 'notice_version' } }, sample: [{ noticeVersion: 'signup-v2' }], bad: [{ line: 3, column: 'consent_newsletter_email' }] });
    expect(preview.body.targets).toContain('notice_version');
    const imported = await call('root', 'POST', '/api/contacts/import?label=n.csv&basis=consent', file, 'text/csv');
    expect(imported).toMatchObject({ status: 200, body: { rows: 2, created: 1, bad: 1, badRows: [{ line: 3, column: 'consent_newsletter_email' }] } });
    const entries = await db.selectFrom('consents').select(['granted', 'notice_version']).where('source_id', '=', Number(imported.body.sourceId)).execute();
    expect(entries.map((e) => [Number(e.granted), e.notice_version])).toEqual([[1, 'signup-v2']]);
  });

  it("refuses a NUL escaped in a query's JSON definition, and in an import's fields, with a 400 rather than a 500", async () => {
    t = await openTestApp(backend);
    const { call, db } = await contactsServer(t);
    const bad = async (method: string, path: string, payload: unknown, says: string | RegExp, type = 'application/json') => {
      const r = await call('root', method, path, payload, type);
      expect([r.status, r.body.error], path).toEqual([400, expect.stringMatching(says)]);
    };
    // The escape \u0000 is no NUL to the query's own check, but is one once the definition is parsed: PostgreSQL refused it mid-count.
    for (const definition of ['{"tag":"a\\u0000"}', '{"area":["A1","\\u0000"]}', '{"all":[{"consent":{"purpose":"x\\u0000","channel":"email"}}]}']) {
      await bad('GET', `/api/contacts/segments/count?definition=${encodeURIComponent(definition)}`, undefined, /^query definition [\w.]+: expected text without NUL characters \(\\u0000\), found one$/);
      await bad('GET', `/api/contacts/segments/count?definition=${encodeURIComponent(definition)}&purpose=newsletter&channel=email`, undefined, /^query definition [\w.]+: expected text without NUL/);
    }
    // An upload's fields (query or form) name its source: refused before anything is written.
    const file = 'first_name,email\nAnn,ann@example.org\n';
    await bad('POST', '/api/contacts/import?label=a%00b&noticeVersion=v1', file, /^import label: expected text without NUL characters/, 'text/csv');
    await bad('POST', '/api/contacts/import?label=nul.csv&noticeVersion=v%001', file, /^import noticeVersion: expected text without NUL characters/, 'text/csv');
    await bad('POST', '/api/contacts/import/preview?collector=%00', file, /^import collector: expected text without NUL characters/, 'text/csv');
    expect(await db.selectFrom('people').select('id').where('given_name', '=', 'Ann').execute()).toEqual([]);
  });

  it('answers bad input with 400 and what was expected, and unknown ids with 404, never 500', async () => {
    t = await openTestApp(backend);
    const { call } = await contactsServer(t);
    const bad = async (method: string, path: string, payload: unknown, says: string | RegExp, type = 'application/json') => {
      const r = await call('root', method, path, payload, type);
      expect([r.status, r.body.error], path).toEqual([400, expect.stringMatching(says)]);
    };
    // A NUL character anywhere in a JSON body or a query: refused at the door on both backends (PostgreSQL cannot store it).
    await bad('POST', '/api/contacts/lists', { name: 'walk\u0000', purpose: 'canvassing', channel: 'door' }, /^body name: expected text without NUL characters \(\\u0000\), found one$/);
    await bad('POST', '/api/contacts/signup', { email: 'x@example.org', postcode: '\u0000', consents: [], notice_version: 'v1' }, /^body postcode: expected text without NUL characters/);
    await bad('GET', '/api/contacts/people?q=%00abc', undefined, /^query q: expected text without NUL characters \(%00\), found one$/);
    // A search parameter spelt otherwise is refused, not ignored (email= listed everyone in scope).
    await bad('GET', '/api/contacts/people?email=x%40example.org', undefined, /^query: unknown field "email"; expected only q, limit, offset$/);
    // The sign-up form's body is checked as every other: a field spelt otherwise is refused, not dropped; a blank notice is none.
    const signup = { email: 'form@example.org', consents: [{ purpose: 'newsletter', channel: 'email' }], notice_version: 'v1', form: 'home' };
    await bad('POST', '/api/contacts/signup', { ...signup, phone_number: '0612345678' }, /^body: unknown field "phone_number"; expected only given_name, family_name, email, phone, postcode, consents, notice_version, form$/);
    await bad('POST', '/api/contacts/signup', { ...signup, notice_version: '  ' }, 'body notice_version: expected the version of the privacy notice shown with the form');
    await bad('POST', '/api/contacts/import/preview?basis=bogus', CSV, /^import basis: /, 'text/csv');
    await bad('POST', '/api/contacts/import/preview?collectedAt=notadate', CSV, 'import collectedAt: expected an ISO 8601 date or date-time', 'text/csv');
    await bad('POST', '/api/contacts/import?collectedAt=1&label=x.csv&basis=consent', CSV, 'import collectedAt: expected an ISO 8601', 'text/csv');
    await bad('POST', '/api/contacts/import?collectedAt=2026-02-30&label=x.csv&basis=consent', CSV, 'import collectedAt: expected an ISO 8601', 'text/csv');
    // A mistyped field (the sign-up form's spelling) is refused: the consents had lost their notice and been dated at the upload.
    await bad('POST', '/api/contacts/import?label=x.csv&basis=consent&notice_version=v3', CSV, 'import: unknown field "notice_version"; expected only label, basis, collectedAt, collector, noticeVersion, mapping, again', 'text/csv');
    await bad('POST', '/api/contacts/requests', { kind: 'access', receivedAt: 'garbage' }, /receivedAt.*expected an ISO 8601/);
    await bad('POST', '/api/contacts/requests', { kind: 'access', receivedAt: '2099-01-01' }, /receivedAt.*expected a time no later than now/);
    let deep: unknown = { tag: 'x' };
    for (let i = 0; i < 1000; i++) deep = { not: deep };
    await bad('POST', '/api/contacts/segments', { name: 'deep', definition: deep }, /nested more than 32 levels deep/);
    await bad('POST', '/api/contacts/lists', { name: 'deep', purpose: 'canvassing', channel: 'door', definition: deep }, /nested more than 32 levels deep/);
    await bad('POST', '/api/contacts/segments', { name: 'many', definition: { area: Array.from({ length: 40_000 }, (_, i) => `a${i}`) } }, /more than 5,000 conditions and values/);
    // Exports check a definition as segments do (it was read by a schema whose recursion overflowed the stack: 500).
    await bad('POST', '/api/contacts/exports', { purpose: 'newsletter', channel: 'email', definition: deep }, 'body definition: nested more than 32 levels deep');
    await bad('POST', '/api/contacts/exports', { purpose: 'newsletter', channel: 'email', definition: { any: Array.from({ length: 60_000 }, () => ({ tag: 'x' })) } }, /more than 5,000 conditions/);
    // A mistyped field is refused: {"channel"} for {"channels"} had objected on every channel.
    await bad('POST', `/api/contacts/people/1/object`, { channel: 'email' }, 'body: unknown field "channel"; expected only channels');
    await bad('POST', '/api/contacts/lists', { name: 'x', purpose: 'canvassing', channel: 'door', assigned_to: 'can' }, 'body: unknown field "assigned_to"; expected only');
    // Bytes that are not UTF-8 are refused, not stored as replacement characters.
    const latin1 = Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xe9]), Buffer.from('","definition":{"all":[]}}')]);
    await bad('POST', '/api/contacts/segments', new Uint8Array(latin1), 'body: expected JSON in UTF-8, found bytes that are not UTF-8');
    expect(await t.app.store.db.selectFrom('segments' as never).select('name' as never).execute()).toEqual([]);
    for (const [method, path, payload] of [
      ['POST', '/api/contacts/requests/999/close', { outcome: 'done' }],
      ['POST', '/api/contacts/review/999', { decision: 'dismiss' }],
      ['POST', '/api/contacts/exports', { list: 999, purpose: 'newsletter', channel: 'email' }],
      ['POST', '/api/contacts/lists/999/assign', { user: 'can' }],
      // Past an integer column's range: no such row (PostgreSQL had refused the value itself, a 500).
      ['POST', '/api/contacts/lists/99999999999/assign', { user: 'can' }],
      ['GET', '/api/contacts/lists/99999999999/people', undefined],
      ['GET', '/api/field/turfs/99999999999', undefined],
      ['GET', '/api/field/campaigns/99999999999/progress', undefined],
    ] as const) {
      const r = await call('root', method, path, payload);
      expect([r.status, r.body.error], path).toEqual([404, expect.stringMatching(/no such|no open item|^no (list|turf|campaign) 99999999999$/)]);
    }
    expect(await call('root', 'GET', '/api/contacts/people/99999999999')).toMatchObject({ status: 404, body: { error: 'no person 99999999999' } });
    await bad('POST', '/api/contacts/requests', { kind: 'access', personId: 99999999999 }, /^body personId: expected an id \(a whole number from 1 to 2147483647\)$/);
  });
});
