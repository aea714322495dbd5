import type { App } from '../../src/app/open';
import { reserveIds } from '../../src/contacts/ids';
import { contactsDb } from '../../src/contacts/tables';
import { createCampaign } from '../../src/field/campaigns';
import { fieldDb } from '../../src/field/tables';
import { SCRIPT } from './canvass-fixture';

/**
 * Field rows written straight into the tables for the turf and progress tests: areas with their
 * stations, grids of address points, campaigns, hand-made turfs, and door events with the door
 * state the sync keeps (greatest (at, id) wins; do_not_contact sticky).
 */

export { SCRIPT };

export async function addArea(app: App, id: string, stations: readonly string[] = []): Promise<void> {
  const db = fieldDb(app.store.db);
  await db.insertInto('field_areas').values({ id, name: `area ${id}`, source: 'test', registered: 1000, created_at: Date.now() }).execute();
  for (const code of stations) await db.insertInto('field_stations').values({ code, name: null, lat: null, lon: null, area_id: id }).execute();
}

export interface GridOptions {
  readonly rows: number;
  readonly cols: number;
  /** South-west corner. */
  readonly lat?: number;
  readonly lon?: number;
  /** Metres between neighbours (about). */
  readonly step?: number;
  readonly block?: (i: number) => string | null;
  readonly doors?: (i: number) => number;
  readonly street?: string;
}

/** A rows × cols grid of address points in the area; returns their ids in row-major order. */
export async function addGrid(app: App, areaId: string, g: GridOptions): Promise<number[]> {
  const n = g.rows * g.cols;
  const stepDeg = (g.step ?? 20) / 111_000;
  const db = fieldDb(app.store.db);
  return db.transaction().execute(async (trx) => {
    const start = await reserveIds(contactsDb(trx), 'field_addresses', n);
    const rows = Array.from({ length: n }, (_, i) => ({
      id: start + i,
      ext_id: `${areaId}-${start + i}`,
      street: `${g.street ?? 'rue'} ${Math.floor(i / g.cols) + 1}`,
      number: String((i % g.cols) + 1),
      postcode: '34000',
      city: 'Montpellier',
      lat: (g.lat ?? 43.6) + Math.floor(i / g.cols) * stepDeg,
      lon: (g.lon ?? 3.87) + (i % g.cols) * stepDeg * 1.38,
      doors: g.doors?.(i) ?? 1,
      block: g.block?.(i) ?? null,
      station: null,
      area_id: areaId,
      household: null,
      import_id: null,
      created_at: Date.now(),
    }));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('field_addresses').values(rows.slice(i, i + 200)).execute();
    return rows.map((r) => r.id);
  });
}

export async function addCampaign(app: App, name = 'Lilas door to door'): Promise<number> {
  return (await createCampaign(app.store, { name, script: SCRIPT, actor: 'org' })).id;
}

/** A turf made by hand (no cut), doors in the order given. */
export async function addTurf(app: App, campaignId: number, areaId: string, number: number, doors: readonly number[]): Promise<number> {
  return fieldDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const id = await reserveIds(contactsDb(trx), 'field_turfs', 1);
      const now = Date.now();
      await trx.insertInto('field_turfs').values({ id, campaign_id: campaignId, area_id: areaId, number, doors: doors.length, lat: null, lon: null, version: 1, created_at: now, updated_at: now }).execute();
      if (doors.length) await trx.insertInto('field_turf_doors').values(doors.map((address_id, i) => ({ campaign_id: campaignId, turf_id: id, address_id, seq: i + 1 }))).execute();
      if (doors.length) await trx.insertInto('field_turf_door_history').values(doors.map((address_id) => ({ turf_id: id, address_id }))).execute();
      return id;
    });
}

export async function addAssignment(app: App, campaignId: number, turfId: number, user = 'can', ended = false): Promise<number> {
  return fieldDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const id = await reserveIds(contactsDb(trx), 'field_assignments', 1);
      await trx.insertInto('field_assignments').values({ id, campaign_id: campaignId, turf_id: turfId, user_name: user, assigned_by: 'org', slot: null, partner: null, assigned_at: Date.now(), ends_at: null, ended_at: ended ? Date.now() : null }).execute();
      return id;
    });
}

export interface FixtureEvent {
  readonly campaignId: number;
  readonly turfId: number;
  readonly addressId: number;
  readonly result: string;
  readonly answers?: Record<string, string | string[] | number>;
  readonly at: number;
  readonly id?: string;
}

let seq = 0;

/** Stores an event and updates the door's state by the sync's rule. */
export async function addEvent(app: App, e: FixtureEvent): Promise<string> {
  const id = e.id ?? `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  const db = fieldDb(app.store.db);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('field_events')
      .values({ id, campaign_id: e.campaignId, turf_id: e.turfId, address_id: e.addressId, result: e.result, digest: 'x', person_id: null, answers: e.answers ? JSON.stringify(e.answers) : null, consents: null, user_name: 'can', device: 'd1', client_at: e.at, seq: ++seq, received_at: Date.now() })
      .execute();
    const state = await trx.selectFrom('field_door_state').selectAll().where('campaign_id', '=', e.campaignId).where('address_id', '=', e.addressId).executeTakeFirst();
    const dnc = e.result === 'do_not_contact' || Number(state?.dnc ?? 0) === 1 ? 1 : 0;
    const newer = !state || e.at > Number(state.client_at) || (e.at === Number(state.client_at) && id > state.event_id);
    const row = newer ? { event_id: id, result: e.result, client_at: e.at, user_name: 'can', dnc } : { event_id: state.event_id, result: state.result, client_at: Number(state.client_at), user_name: state.user_name, dnc };
    if (state) await trx.updateTable('field_door_state').set(row).where('campaign_id', '=', e.campaignId).where('address_id', '=', e.addressId).execute();
    else await trx.insertInto('field_door_state').values({ campaign_id: e.campaignId, address_id: e.addressId, ...row }).execute();
  });
  return id;
}
