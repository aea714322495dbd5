import { InputError, NotFoundError } from '../../core/errors';
import { appendAudit } from '../audit';
import type { ConsentEntry } from '../consent/ledger';
import { recordConsents } from '../consent/ledger';
import type { SuppressChannel } from '../consent/suppress';
import { suppress, suppressValue } from '../consent/suppress';
import { addSource } from '../sources';
import type { ContactsDb } from '../tables';
import { contactsDb } from '../tables';
import type { Channel } from '../vocabulary';
import { checkChannel, pointOf } from '../vocabulary';
import { HASH_SPACES } from './identity';
import type { RightsApp } from './requests';

/**
 * Objection (GDPR art. 21, and art. 7(3) withdrawal of consent): the person is suppressed on the
 * channels named (or all, '*'), every consent they had granted on those channels is withdrawn by a
 * new ledger entry, their emails and phones are suppressed by keyed hash (so that a re-import of
 * the same values is suppressed too), and they leave the lists of those channels (a list removal
 * each, for devices holding the list). Audited as 'contacts.object'.
 */

export interface ObjectionOptions {
  readonly channels: readonly string[] | '*';
  readonly actor: string;
  readonly now?: number;
}

export interface Objection {
  readonly channels: readonly SuppressChannel[];
  readonly withdrawn: number;
  readonly suppressedValues: number;
  readonly listRemovals: number;
}

export async function objection(app: RightsApp, personId: number, options: ObjectionOptions): Promise<Objection> {
  const now = options.now ?? Date.now();
  const all = options.channels === '*';
  const channels: Channel[] = all ? [] : [...new Set(options.channels.map((c) => checkChannel(c)))];
  if (!all && channels.length === 0) throw new InputError('objection: expected channels, or * for every channel');
  const covers = (channel: string): boolean => all || (channels as string[]).includes(channel);
  return contactsDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const p = await trx.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst();
      if (!p) throw new NotFoundError(`person ${personId}: no such person`);
      const scope: SuppressChannel[] = all ? ['*'] : channels;
      await suppress(trx, scope.map((channel) => ({ personId, channel, reason: 'objection', actor: options.actor })), now);
      const withdrawn = await withdraw(trx, personId, covers, options.actor, now);
      const suppressedValues = await suppressPoints(trx, app, personId, scope, now);
      const listRemovals = await leaveLists(trx, personId, covers, now);
      const result = { channels: scope, withdrawn, suppressedValues, listRemovals };
      await appendAudit(trx, app.store.dialect, { actor: options.actor, action: 'contacts.object', subject: `person:${personId}`, detail: result }, now);
      return result;
    });
}

async function withdraw(trx: ContactsDb, personId: number, covers: (c: string) => boolean, actor: string, now: number): Promise<number> {
  const granted = (await trx.selectFrom('consent_state').select(['purpose', 'channel']).where('person_id', '=', personId).where('granted', '=', 1).execute()).filter((s) => covers(s.channel));
  if (granted.length === 0) return 0;
  const source = await addSource(trx, { kind: 'manual', label: 'objection (GDPR art. 21)', collectedAt: now, collector: actor, basis: 'legal_obligation', noticeVersion: null }, now);
  await trx.insertInto('person_sources').values({ person_id: personId, source_id: source.id, line: null, at: now }).execute();
  const entries: ConsentEntry[] = granted.map((g) => ({ personId, purpose: g.purpose, channel: g.channel as Channel, granted: false, sourceId: source.id, at: now, actor, noticeVersion: null }));
  await recordConsents(trx, entries);
  return entries.length;
}

/** Each email and phone of the person, suppressed by keyed hash on the objected channels that use it. */
async function suppressPoints(trx: ContactsDb, app: RightsApp, personId: number, scope: readonly SuppressChannel[], now: number): Promise<number> {
  const points = await trx.selectFrom('contact_points').select(['kind', 'value']).where('person_id', '=', personId).execute();
  let n = 0;
  for (const pt of points) {
    if (pt.kind !== 'email' && pt.kind !== 'phone') continue;
    const hash = app.pseudonymiser.pseudonym(HASH_SPACES[pt.kind], pt.value);
    for (const channel of scope) {
      if (channel !== '*' && pointOf(channel) !== pt.kind) continue;
      await suppressValue(trx, hash, channel, now);
      n++;
    }
  }
  return n;
}

async function leaveLists(trx: ContactsDb, personId: number, covers: (c: string) => boolean, now: number): Promise<number> {
  const lists = await trx.selectFrom('list_members').innerJoin('contact_lists', 'contact_lists.id', 'list_members.list_id').select(['contact_lists.id', 'contact_lists.channel']).where('list_members.person_id', '=', personId).execute();
  const leaving = lists.filter((l) => covers(l.channel)).map((l) => Number(l.id));
  if (leaving.length === 0) return 0;
  await trx.deleteFrom('list_members').where('person_id', '=', personId).where('list_id', 'in', leaving).execute();
  await trx.insertInto('list_removals').values(leaving.map((list_id) => ({ list_id, person_id: personId, at: now }))).execute();
  return leaving.length;
}
