import { Dexie } from 'dexie';
import type { EntityTable, Table } from 'dexie';
import type { LocalState } from './state';
import { foldEvent } from './state';
import type { FieldEvent, PackageCampaign, PackagePerson, DoorState } from './types';

/** Who uses this phone: kept so that the app opens with no network (the session cookie itself is HttpOnly). */
export interface SessionRow {
  key: 'me';
  user: string;
  role: string;
  csrf: string | null;
  /** This install's id, sent with every sync and checkout. */
  device: string;
}

export interface TurfRow {
  id: number;
  campaignId: number;
  number: number;
  areaId: string | null;
  doorCount: number;
  lockExpiresAt: number | null;
  /** Who holds the live lock (this canvasser or their partner), or null. */
  lockHolder: string | null;
  partner: string | null;
  /** When the assignment ends by itself (ms), or null. */
  endsAt: number | null;
  /** 1 once checked out on this phone: only downloaded turfs have their doors and people here. */
  downloaded: 0 | 1;
  /** 1 when the server no longer lists it but records of it wait in the outbox (deleted after they are sent). */
  ended: 0 | 1;
}

export interface DoorRow {
  turfId: number;
  addressId: number;
  campaignId: number;
  seq: number;
  street: string | null;
  number: string | null;
  lat: number;
  lon: number;
  doors: number;
  server: DoorState | null;
  /** Only those the package gives: id and names. */
  people: PackagePerson[];
}

export interface StateRow extends LocalState {
  campaignId: number;
  addressId: number;
  turfId: number;
}

export interface FailedRow {
  id: string;
  turfId: number;
  event: FieldEvent;
  error: string;
}

export interface SyncMeta {
  key: 'sync';
  lastSync: number | null;
  lastError: string | null;
}

/** The phone's store (IndexedDB): the package, the outbox, door states, the session and sync metadata. */
export class CanvassDb extends Dexie {
  session!: EntityTable<SessionRow, 'key'>;
  campaigns!: EntityTable<PackageCampaign, 'id'>;
  turfs!: EntityTable<TurfRow, 'id'>;
  doors!: Table<DoorRow, [number, number]>;
  states!: Table<StateRow, [number, number]>;
  outbox!: EntityTable<FieldEvent, 'id'>;
  failed!: EntityTable<FailedRow, 'id'>;
  meta!: EntityTable<SyncMeta, 'key'>;

  constructor(name = 'hustings-canvass') {
    super(name);
    this.version(1).stores({
      session: 'key',
      campaigns: 'id',
      turfs: 'id',
      doors: '[turfId+addressId], turfId',
      states: '[campaignId+addressId], turfId',
      outbox: 'id, turfId, [at+id]',
      failed: 'id, turfId',
      meta: 'key',
    });
  }

  /** Every table of the store, for transactions that touch them all. */
  all(): Table[] {
    return [this.session, this.campaigns, this.turfs, this.doors, this.states, this.outbox, this.failed, this.meta];
  }
}

/** Records one door event: into the outbox and the door's state, in one transaction (both or neither). */
export async function recordEvent(db: CanvassDb, event: FieldEvent): Promise<void> {
  await db.transaction('rw', db.outbox, db.states, async () => {
    await db.outbox.add(event);
    const prev = await db.states.get([event.campaignId, event.addressId]);
    const next = foldEvent(prev ?? null, event);
    await db.states.put({ ...next, campaignId: event.campaignId, addressId: event.addressId, turfId: event.turfId });
  });
}

/** A new event id: random (UUID v4), made on the phone. */
export function newEventId(): string {
  return crypto.randomUUID();
}

export async function syncMeta(db: CanvassDb): Promise<SyncMeta> {
  return (await db.meta.get('sync')) ?? { key: 'sync', lastSync: null, lastError: null };
}

/** Logout: nothing of the campaign, the people or the session stays on the phone. */
export async function wipe(db: CanvassDb): Promise<void> {
  await db.transaction('rw', db.all(), async () => {
    await Promise.all(db.all().map((t) => t.clear()));
  });
}

/**
 * A refused record sent again as a new event without its answers (the usual cause: a question the
 * script no longer has, after an edit while the phone was out): the knock, the person, consents and
 * a do-not-contact are kept. One transaction: the record is either still refused or waiting to go.
 */
export async function resendWithoutAnswers(db: CanvassDb, id: string): Promise<void> {
  await db.transaction('rw', db.outbox, db.states, db.failed, async () => {
    const row = await db.failed.get(id);
    if (!row) return;
    const { answers: _answers, ...rest } = row.event;
    await recordEvent(db, { ...rest, id: newEventId() });
    await db.failed.delete(id);
  });
}

/** A refused record given up, by the canvasser's choice. */
export async function discardFailed(db: CanvassDb, id: string): Promise<void> {
  await db.failed.delete(id);
}
