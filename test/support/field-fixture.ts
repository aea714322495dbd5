import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../../src/app/open';
import { reserveIds } from '../../src/contacts/ids';
import { addressKey } from '../../src/contacts/normalise/address';
import { contactsDb } from '../../src/contacts/tables';
import type { Campaign } from '../../src/field/campaigns';
import { createCampaign } from '../../src/field/campaigns';
import { fieldDb } from '../../src/field/tables';
import type { Hono } from 'hono';
import { createServerApp, UserStore } from '../../src/server';
import type { Env } from '../../src/server/routes/define';
import type { TestApp } from './app';

/**
 * Field rows written straight into the tables (no address import, no turf cutting, no team
 * matching): a campaign with the example script, doors on one street, a turf holding them in
 * walking order, and assignments. People at the doors come from contacts-fixture's insertPerson
 * with `address: { street: '<number> <street>', … }`, which gives the same household key.
 */

export const EXAMPLE_SCRIPT = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'data', 'field', 'example-script.json'), 'utf8')) as Record<string, unknown>;

export const STREET = 'rue de la Paix';
export const POSTCODE = '34000';
export const CITY = 'Montpellier';

let campaigns = 0;

/** A campaign (the example script unless given), named uniquely. */
export async function addCampaign(app: App, over: { name?: string; purpose?: string; script?: unknown; lockHours?: number } = {}): Promise<Campaign> {
  campaigns += 1;
  return createCampaign(app.store, { name: over.name ?? `campaign ${campaigns}-${Math.random().toString(36).slice(2, 8)}`, purpose: over.purpose ?? 'canvassing', script: over.script ?? EXAMPLE_SCRIPT, lockHours: over.lockHours ?? 12, actor: 'org' });
}

/** The street address of door `number`, as a person's address line (same household key as the door). */
export function personAddress(number: number): { street: string; postcode: string; city: string } {
  return { street: `${number} ${STREET}`, postcode: POSTCODE, city: CITY };
}

/** Doors numbered `numbers` on the test street, in a turf of the campaign (walking order = the order given); returns the turf id and the address ids. */
export async function addTurf(app: App, campaignId: number, numbers: readonly number[], areaId = '34172_0001'): Promise<{ turfId: number; doors: number[] }> {
  return fieldDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const now = Date.now();
      const first = await reserveIds(contactsDb(trx), 'field_addresses', numbers.length);
      const rows = numbers.map((n, i) => ({
        id: first + i, ext_id: `c${campaignId}-${first + i}`, street: STREET, number: String(n), postcode: POSTCODE, city: CITY, lat: 43.61 + (n % 2) * 0.0002, lon: 3.87 + n * 0.0001,
        doors: 1, block: 'b1', station: null, area_id: areaId, household: addressKey(`${n} ${STREET}`, POSTCODE, CITY, 'FR'), import_id: null, created_at: now,
      }));
      if (rows.length) await trx.insertInto('field_addresses').values(rows).execute();
      const turfId = await reserveIds(contactsDb(trx), 'field_turfs', 1);
      const number = Number((await trx.selectFrom('field_turfs').select((eb) => eb.fn.countAll().as('n')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow()).n) + 1;
      await trx.insertInto('field_turfs').values({ id: turfId, campaign_id: campaignId, area_id: areaId, number, doors: rows.length, lat: 43.61, lon: 3.87, version: 1, created_at: now, updated_at: now }).execute();
      if (rows.length) await trx.insertInto('field_turf_doors').values(rows.map((r, i) => ({ campaign_id: campaignId, turf_id: turfId, address_id: r.id, seq: i + 1 }))).execute();
      // As the turf store writes them: every door a turf holds is in its history.
      if (rows.length) await trx.insertInto('field_turf_door_history').values(rows.map((r) => ({ turf_id: turfId, address_id: r.id }))).execute();
      return { turfId, doors: rows.map((r) => r.id) };
    });
}

export interface AssignmentInput {
  readonly campaignId: number;
  readonly turfId: number;
  readonly user: string;
  readonly partner?: string | null;
  readonly endsAt?: number | null;
  readonly endedAt?: number | null;
}

export async function assign(app: App, a: AssignmentInput): Promise<number> {
  return fieldDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const id = await reserveIds(contactsDb(trx), 'field_assignments', 1);
      await trx
        .insertInto('field_assignments')
        .values({ id, campaign_id: a.campaignId, turf_id: a.turfId, user_name: a.user, assigned_by: 'org', slot: 'sat-am', partner: a.partner ?? null, assigned_at: Date.now(), ends_at: a.endsAt ?? null, ended_at: a.endedAt ?? null })
        .execute();
      return id;
    });
}

export type Json = Record<string, unknown>;
export type Call = (who: string | null, method: string, path: string, payload?: unknown) => Promise<{ status: number; body: Json & Json[] }>;

/** The HTTP app over the test store, with users root (admin), org (organiser), can, cat and dan (canvassers) and vic (viewer) logged in. */
export async function fieldServer(t: TestApp): Promise<{ api: Hono<Env>; call: Call }> {
  const users = new UserStore(t.app.store);
  const names = [['root', 'admin'], ['org', 'organiser'], ['can', 'canvasser'], ['cat', 'canvasser'], ['dan', 'canvasser'], ['vic', 'viewer']] as const;
  for (const [name, role] of names) await users.add(name, role, 'a long enough password');
  const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', store: t.app.store, pseudonymiser: t.app.pseudonymiser });
  const tokens = new Map<string, string>();
  for (const [name] of names) tokens.set(name, await users.issueToken(name, 'tests'));
  const call: Call = async (who, method, path, payload) => {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${tokens.get(who)!}`;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const r = await api.request(path, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) }, { incoming: { socket: { remoteAddress: '192.0.2.1' } } });
    return { status: r.status, body: (await r.json()) as Json & Json[] };
  };
  return { api, call };
}
