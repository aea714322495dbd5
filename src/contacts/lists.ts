import { sql } from 'kysely';
import { InputError, NotFoundError } from '../core/errors';
import type { AnyDb, DialectName } from '../store';
import { audienceQuery } from './audience';
import { appendAudit } from './audit';
import type { Actor } from './errors';
import { ForbiddenError } from './errors';
import type { Use } from './gate';
import { reserveIds } from './ids';
import type { Scope } from './scope';
import { scopeOf } from './scope';
import { resolveTarget, type Target } from './exports/target';
import type { ContactsDb } from './tables';
import { contactsDb } from './tables';
import { checkChannel, checkPurpose } from './vocabulary';

/** A list handed to someone (a walk list, a call list): a snapshot of an audience for one use. */
export interface ContactList {
  readonly id: number;
  readonly name: string;
  readonly use: Use;
  readonly assignedTo: string | null;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly expiresAt: number | null;
}

export interface ListStore {
  readonly db: AnyDb;
  readonly dialect: DialectName;
}

export interface CreateList extends Target {
  readonly name: string;
  readonly use: Use;
  readonly assignedTo?: string | null | undefined;
  readonly expiresAt?: number | null | undefined;
  /** Who makes it: the members are drawn from the people this user sees. */
  readonly actor: Actor;
  readonly now?: number | undefined;
}

const MAKERS = ['admin', 'organiser'];

/** Roles that can read a list handed to them. */
const HOLDERS = ['canvasser', 'organiser', 'admin'];

/**
 * A list goes to a user who exists and can read it, whichever path hands it over (the API, the
 * command line): a name typed wrong would wait for whoever is later given it.
 */
async function checkAssignee(trx: ContactsDb, name: string): Promise<void> {
  const found = await sql<{ role: string }>`SELECT role FROM users WHERE name = ${name}`.execute(trx);
  const role = found.rows[0]?.role;
  if (role === undefined) throw new InputError(`assignedTo: expected the name of a user, found ${JSON.stringify(name)}, who does not exist`);
  if (!HOLDERS.includes(role)) throw new InputError(`assignedTo: ${name} is ${role === 'analyst' ? 'an' : 'a'} ${role}, who cannot read lists; expected a canvasser, organiser or admin`);
}

function checkMaker(actor: Actor, action: string): void {
  if (!MAKERS.includes(actor.role)) throw new ForbiddenError(`${action}: only admins and organisers may do this; ${actor.name} is ${actor.role}`, actor.name, action);
}

type ListRow = { id: number; name: string; purpose: string; channel: string; assigned_to: string | null; created_by: string; created_at: number; expires_at: number | null };

function fromRow(r: ListRow): ContactList {
  const use = { purpose: r.purpose, channel: checkChannel(r.channel, `list ${r.id} channel`) };
  return { id: Number(r.id), name: r.name, use, assignedTo: r.assigned_to, createdBy: r.created_by, createdAt: Number(r.created_at), expiresAt: r.expires_at === null ? null : Number(r.expires_at) };
}

/**
 * Makes a list: its members are a snapshot, taken through `audienceQuery` (the gate and the
 * maker's scope), in one `INSERT … SELECT`. Reading the list later re-checks the gate.
 */
export async function createList(store: ListStore, input: CreateList): Promise<{ list: ContactList; members: number }> {
  checkMaker(input.actor, 'contacts list create');
  if (!input.name.trim()) throw new InputError('list name: expected a name, found nothing');
  const use = { purpose: checkPurpose(input.use.purpose), channel: checkChannel(input.use.channel) };
  const now = input.now ?? Date.now();
  return contactsDb(store.db).transaction().execute(async (trx) => {
    if (input.assignedTo !== null && input.assignedTo !== undefined) await checkAssignee(trx, input.assignedTo);
    const audience = await resolveTarget(trx, input, use, await scopeOf(trx, input.actor, now), now);
    const id = await reserveIds(trx, 'contact_lists', 1);
    const row: ListRow = { id, name: input.name.trim(), purpose: use.purpose, channel: use.channel, assigned_to: input.assignedTo ?? null, created_by: input.actor.name, created_at: now, expires_at: input.expiresAt ?? null };
    await trx.insertInto('contact_lists').values(row).execute();
    const r = await trx
      .insertInto('list_members')
      .columns(['list_id', 'person_id'])
      .expression(audienceQuery(trx, audience).select([sql.lit(id).as('list_id'), 'p.id']))
      .executeTakeFirst();
    const members = Number(r.numInsertedOrUpdatedRows ?? 0);
    const detail = { list: id, purpose: use.purpose, channel: use.channel, members, assignedTo: row.assigned_to };
    await appendAudit(trx, store.dialect, { actor: input.actor.name, action: 'contacts.list.create', subject: `list:${id}`, detail }, now);
    return { list: fromRow(row), members };
  });
}

export async function getList(db: ContactsDb, listId: number): Promise<ContactList> {
  const row = await db.selectFrom('contact_lists').selectAll().where('id', '=', listId).executeTakeFirst();
  if (!row) throw new NotFoundError(`list ${listId}: no such list`);
  return fromRow(row);
}

/**
 * The list as `reader` may see it: a canvasser only the lists handed to them (any other answers
 * as a list that does not exist, so that lists' names and holders stay theirs).
 */
export async function readableList(db: ContactsDb, listId: number, reader: Actor): Promise<ContactList> {
  const list = await getList(db, listId);
  if (!MAKERS.includes(reader.role) && list.assignedTo !== reader.name) throw new NotFoundError(`list ${listId}: no such list`);
  return list;
}

export interface ListMember {
  readonly id: number;
  readonly givenName: string | null;
  readonly familyName: string | null;
}

/**
 * The members of a list who may still be reached for its use now, within `scope`: someone who
 * withdrew consent or was suppressed after the list was made is left out (through
 * `audienceQuery` with the list). An expired list has no members.
 */
export async function listMembers(db: ContactsDb, listId: number, scope: Scope, now = Date.now()): Promise<ListMember[]> {
  const list = await getList(db, listId);
  if (list.expiresAt !== null && list.expiresAt <= now) return [];
  const rows = await audienceQuery(db, { use: list.use, listId, scope, now }).select(['p.id', 'p.given_name', 'p.family_name']).orderBy('p.id').execute();
  return rows.map((r) => ({ id: Number(r.id), givenName: r.given_name, familyName: r.family_name }));
}

/** Hands a list to a user (or takes it back with null); audited. */
export async function assignList(store: ListStore, listId: number, user: string | null, actor: Actor, now = Date.now()): Promise<void> {
  checkMaker(actor, 'contacts list assign');
  await contactsDb(store.db).transaction().execute(async (trx) => {
    const list = await getList(trx, listId);
    // A list's members were drawn from its maker's scope: an organiser hands on their own lists only.
    if (actor.role !== 'admin' && list.createdBy !== actor.name) {
      throw new ForbiddenError(`contacts list assign: list ${listId} was made by ${list.createdBy}; only they or an admin may hand it to someone`, actor.name, 'contacts list assign');
    }
    if (user !== null) await checkAssignee(trx, user);
    await trx.updateTable('contact_lists').set({ assigned_to: user }).where('id', '=', listId).execute();
    await appendAudit(trx, store.dialect, { actor: actor.name, action: 'contacts.list.assign', subject: `list:${listId}`, detail: { list: listId, assignedTo: user } }, now);
  });
}

/** The lists handed to a user that have not expired, newest first. */
/** The newest lists, whoever they are for (organisers and admins see them all). */
export async function recentLists(db: ContactsDb, limit = 500): Promise<ContactList[]> {
  return (await db.selectFrom('contact_lists').selectAll().orderBy('id', 'desc').limit(limit).execute()).map(fromRow);
}

export async function listsOf(db: ContactsDb, user: string, now = Date.now()): Promise<ContactList[]> {
  const rows = await db
    .selectFrom('contact_lists')
    .selectAll()
    .where('assigned_to', '=', user)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(fromRow);
}
