import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../../src/app/open';
import { reserveIds } from '../../src/contacts/ids';
import { addressKey } from '../../src/contacts/normalise/address';
import { contactsDb } from '../../src/contacts/tables';
import { createCampaign } from '../../src/field/campaigns';
import { fieldDb } from '../../src/field/tables';
import { builtWebRoot } from './browser';
import { fixtureSource, insertPerson } from './contacts-fixture';

/** The built web app with the canvass page (built here when an older build lacks it). */
export async function canvassWebRoot(): Promise<string> {
  const root = await builtWebRoot();
  if (!existsSync(join(root, 'canvass.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(import.meta.dirname, '..', '..', 'src', 'web', 'vite.config.ts') });
  }
  return root;
}

/** The door script of the canvass tests: one question of each kind and one consent, with its notice. */
export const SCRIPT = {
  intro: 'Hello, I am a volunteer of the Lilas list.',
  questions: [
    { id: 'intent', kind: 'single', text: 'Will you vote on Sunday?', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }, { id: 'unsure', label: 'Not sure' }] },
    { id: 'issues', kind: 'multiple', text: 'What matters most?', options: [{ id: 'housing', label: 'Housing' }, { id: 'transport', label: 'Transport' }, { id: 'schools', label: 'Schools' }] },
    { id: 'support', kind: 'scale', text: 'How close do you feel to us?', min: 1, max: 5 },
    { id: 'comment', kind: 'text', text: 'Anything else?' },
  ],
  consents: [{ purpose: 'newsletter', channel: 'email', text: 'May we e-mail you our newsletter?' }],
  notice: { version: 'door-2026-11', text: 'The Lilas list holds your answers for this campaign only; ask us to erase them at any time.' },
};

const STREET = 'rue des Lilas';
const POSTCODE = '34000';
const CITY = 'Montpellier';

export interface CanvassFixture {
  campaignId: number;
  /** The big turf (its doors in walking order) and a small one whose assignment the test ends. */
  turf: number;
  small: number;
  /** A turf assigned to the canvasser and to dora, whose phone holds its lock. */
  held: number;
  heldUntil: number;
  doors: number[];
  smallDoors: number[];
  /** People by door (address id), all with door consent for canvassing. */
  people: Map<number, { id: number; name: string }>;
}

async function addDoors(app: App, n: number, first: number): Promise<number[]> {
  const db = fieldDb(app.store.db);
  return db.transaction().execute(async (trx) => {
    const start = await reserveIds(contactsDb(trx), 'field_addresses', n);
    const rows = Array.from({ length: n }, (_, i) => {
      const number = String(first + i);
      // Two sides of a street, 15 m apart along it.
      return { id: start + i, ext_id: `lilas-${number}`, street: STREET, number, postcode: POSTCODE, city: CITY, lat: 43.61 + (i % 2) * 0.0002, lon: 3.87 + Math.floor(i / 2) * 0.0002, doors: 1, block: 'b1', station: null, area_id: '34172_0001', household: addressKey(`${number} ${STREET}`, POSTCODE, CITY, 'FR'), import_id: null, created_at: Date.now() };
    });
    await trx.insertInto('field_addresses').values(rows).execute();
    return rows.map((r) => r.id);
  });
}

async function addTurf(app: App, campaignId: number, number: number, doors: number[], canvasser: string): Promise<number> {
  const db = fieldDb(app.store.db);
  return db.transaction().execute(async (trx) => {
    const id = await reserveIds(contactsDb(trx), 'field_turfs', 1);
    const now = Date.now();
    await trx.insertInto('field_turfs').values({ id, campaign_id: campaignId, area_id: '34172_0001', number, doors: doors.length, lat: 43.61, lon: 3.87, version: 1, created_at: now, updated_at: now }).execute();
    await trx.insertInto('field_turf_doors').values(doors.map((address_id, i) => ({ campaign_id: campaignId, turf_id: id, address_id, seq: i + 1 }))).execute();
    await trx.insertInto('field_turf_door_history').values(doors.map((address_id) => ({ turf_id: id, address_id }))).execute();
    const aid = await reserveIds(contactsDb(trx), 'field_assignments', 1);
    await trx.insertInto('field_assignments').values({ id: aid, campaign_id: campaignId, turf_id: id, user_name: canvasser, assigned_by: 'org', slot: 'sat-am', partner: null, assigned_at: now, ends_at: null, ended_at: null }).execute();
    return id;
  });
}

/**
 * A campaign with its script, a turf of `size` doors on one street assigned to `canvasser`, a small
 * turf of 4 more doors also theirs, a third one whose lock another canvasser holds, and a person
 * with door consent at every third door of the first two.
 */
export async function seedCanvass(app: App, canvasser: string, size = 60): Promise<CanvassFixture> {
  const campaign = await createCampaign({ db: app.store.db, dialect: app.store.dialect }, { name: 'Lilas doors', purpose: 'canvassing', script: SCRIPT, lockHours: 12, actor: 'org' });
  await fieldDb(app.store.db).insertInto('field_canvassers').values({ user_name: canvasser, person_id: null, district: '34172_0001', attributes: '{}', availability: '["sat-am"]', updated_at: Date.now() }).execute();
  const doors = await addDoors(app, size, 1);
  const smallDoors = await addDoors(app, 4, size + 1);
  const turf = await addTurf(app, campaign.id, 1, doors, canvasser);
  const small = await addTurf(app, campaign.id, 2, smallDoors, canvasser);
  const held = await addTurf(app, campaign.id, 3, await addDoors(app, 2, size + 5), canvasser);
  const heldUntil = Date.now() + 2 * 3_600_000;
  await fieldDb(app.store.db).transaction().execute(async (trx) => {
    const aid = await reserveIds(contactsDb(trx), 'field_assignments', 1);
    await trx.insertInto('field_assignments').values({ id: aid, campaign_id: campaign.id, turf_id: held, user_name: 'dora', assigned_by: 'org', slot: 'sat-am', partner: null, assigned_at: Date.now(), ends_at: null, ended_at: null }).execute();
    await trx.insertInto('field_locks').values({ turf_id: held, user_name: 'dora', device: 'dora-phone', locked_at: Date.now(), expires_at: heldUntil }).execute();
  });
  const source = await fixtureSource(app, { kind: 'import', label: 'Lilas sign-ups', collector: 'org' });
  const people = new Map<number, { id: number; name: string }>();
  for (let i = 0; i < size + 4; i += 3) {
    const given = `Pat${i + 1}`;
    const id = await insertPerson(app, { given, family: 'Lilas', address: { street: `${i + 1} ${STREET}`, postcode: POSTCODE, city: CITY }, consents: [['canvassing', 'door', true]] }, source);
    people.set(i < size ? doors[i]! : smallDoors[i - size]!, { id, name: `${given} Lilas` });
  }
  return { campaignId: campaign.id, turf, small, held, heldUntil, doors, smallDoors, people };
}
