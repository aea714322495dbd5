import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRandom } from '../src/core/random';
import { writeSyntheticCsv } from '../src/contacts/synthetic';
import { contactsDb } from '../src/contacts/tables';
import { CHANNELS, pointOf } from '../src/contacts/vocabulary';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';

const PURPOSES = ['newsletter', 'canvassing', 'reuse'] as const;

/**
 * The goal "zero contacts exported without the matching consent or while suppressed", end to end:
 * people come in through the HTTP import and sign-up, consents are given and withdrawn and people
 * object through the API, in a seeded random order; then every purpose × channel is exported
 * through the API and each file is checked against the raw ledger, read independently of the
 * engine (latest entry by time then order, suppressions, contact points).
 */
describe.each(backends())('exports through the HTTP API on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('never hand out anyone without the consent or while suppressed, and hand out everyone else', async () => {
    t = await openTestApp(backend);
    const users = new UserStore(t.app.store);
    await users.add('root', 'admin', 'a long enough password');
    const token = await users.issueToken('root', 'e2e');
    const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', store: t.app.store, pseudonymiser: t.app.pseudonymiser });
    const call = async (method: string, path: string, payload?: unknown, type = 'application/json', ip = '192.0.2.1') => {
      const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': type };
      if (!path.endsWith('/signup')) headers.authorization = `Bearer ${token}`;
      const r = await api.request(path, { method, headers, body: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload) }, { incoming: { socket: { remoteAddress: ip } } });
      const text = await r.text();
      expect(r.status, `${method} ${path}: ${text.slice(0, 300)}`).toBe(200);
      return text;
    };
    const file = join(t.dir, 'people.csv');
    await writeSyntheticCsv(file, { rows: 300, seed: 11 });
    await call('POST', '/api/contacts/import?label=people.csv&basis=consent&noticeVersion=v1&collectedAt=2026-01-01', readFileSync(file, 'utf8'), 'text/csv');
    const db = contactsDb(t.app.store.db);
    const ids = (await db.selectFrom('people').select('id').execute()).map((p) => Number(p.id));
    const emails = (await db.selectFrom('contact_points').select(['person_id', 'value']).where('kind', '=', 'email').execute()).map((r) => r.value);
    const random = createRandom(5);
    for (let i = 0; i < 250; i++) {
      const id = random.pick(ids);
      const roll = random.next();
      if (roll < 0.6) {
        await call('POST', `/api/contacts/people/${id}/consents`, { purpose: random.pick(PURPOSES), channel: random.pick(CHANNELS), granted: random.chance(0.5), how: 'phone call', noticeVersion: 'v2' });
      } else if (roll < 0.75) {
        await call('POST', `/api/contacts/people/${id}/object`, random.chance(0.5) ? {} : { channels: [random.pick(CHANNELS)] });
      } else {
        // A sign-up from a known email (merged into them) or a new one.
        const email = random.chance(0.7) ? random.pick(emails) : `new${i}@example.net`;
        await call('POST', '/api/contacts/signup', { email, consents: [{ purpose: random.pick(PURPOSES), channel: 'email' }], notice_version: 'web-2', form: 'e2e' }, 'application/json', `198.51.100.${i}`);
      }
    }
    const model = await modelOf(db);
    let exported = 0;
    for (const purpose of PURPOSES) {
      for (const channel of CHANNELS) {
        const csv = await call('POST', '/api/contacts/exports', { definition: { all: [] }, purpose, channel });
        const got = new Set(csv.trim().split(/\r?\n/).slice(1).map((l) => Number(l.split(',')[0])));
        const violations = [...got].filter((id) => !model.allowed(id, purpose, channel));
        expect(violations, `${purpose}/${channel}: exported without consent or while suppressed`).toEqual([]);
        const expected = model.people.filter((id) => model.allowed(id, purpose, channel));
        expect([...got].sort((a, b) => a - b), `${purpose}/${channel}`).toEqual(expected);
        exported += got.size;
      }
    }
    expect(exported).toBeGreaterThan(50);
  }, 120_000);
});

/** Who may be reached, read from the raw tables without the engine's gate. */
async function modelOf(db: ReturnType<typeof contactsDb>) {
  const people = (await db.selectFrom('people').select('id').orderBy('id').execute()).map((p) => Number(p.id));
  const ledger = await db.selectFrom('consents').select(['person_id', 'purpose', 'channel', 'granted', 'at', 'id']).orderBy('at').orderBy('id').execute();
  const latest = new Map<string, boolean>();
  for (const e of ledger) latest.set(`${e.person_id}|${e.purpose}|${e.channel}`, Number(e.granted) === 1);
  const suppressed = new Set((await db.selectFrom('suppressions').select(['person_id', 'channel']).execute()).map((s) => `${s.person_id}|${s.channel}`));
  const points = new Set((await db.selectFrom('contact_points').select(['person_id', 'kind']).execute()).map((p) => `${p.person_id}|${p.kind}`));
  const addresses = new Set((await db.selectFrom('addresses').select('person_id').execute()).map((a) => Number(a.person_id)));
  const allowed = (id: number, purpose: string, channel: (typeof CHANNELS)[number]): boolean => {
    if (latest.get(`${id}|${purpose}|${channel}`) !== true) return false;
    if (suppressed.has(`${id}|*`) || suppressed.has(`${id}|${channel}`)) return false;
    const point = pointOf(channel);
    if (point === 'address') return addresses.has(id);
    return point === null || points.has(`${id}|${point}`);
  };
  return { people, allowed };
}
