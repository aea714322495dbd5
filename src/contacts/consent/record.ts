import { InputError, NotFoundError } from '../../core/errors';
import type { AnyDb, DialectName } from '../../store';
import { appendAudit } from '../audit';
import { addSource } from '../sources';
import type { ContactsDb } from '../tables';
import type { Basis, SourceKind } from '../vocabulary';
import { checkChannel, checkPurpose } from '../vocabulary';
import { recordConsents } from './ledger';

export interface ConsentChange {
  readonly personId: number;
  readonly purpose: string;
  readonly channel: string;
  readonly granted: boolean;
  /** How the person said so: on the phone, at the door, by letter, a form. */
  readonly how: string;
  readonly basis: Basis;
  readonly noticeVersion: string | null;
  readonly at?: number;
  readonly actor: string;
  readonly kind?: SourceKind;
}

/**
 * A consent given or withdrawn outside an import (a call, a letter, at the door): a new ledger
 * entry with its own source, never an edit of an earlier one. Audited.
 */
export async function changeConsent(store: { db: AnyDb; dialect: DialectName }, c: ConsentChange, now = Date.now()): Promise<void> {
  checkPurpose(c.purpose);
  const channel = checkChannel(c.channel);
  if (c.granted && !c.noticeVersion) throw new InputError('a consent needs the version of the notice the person was shown (noticeVersion)');
  const db = store.db as ContactsDb;
  await db.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('people').select('id').where('id', '=', c.personId).executeTakeFirst())) throw new NotFoundError(`person ${c.personId}: no such person`);
    const at = c.at ?? now;
    const source = await addSource(trx, { kind: c.kind ?? 'manual', label: c.how, collectedAt: at, collector: c.actor, basis: c.basis, noticeVersion: c.noticeVersion }, now);
    await recordConsents(trx, [{ personId: c.personId, purpose: c.purpose, channel, granted: c.granted, sourceId: source.id, at, actor: c.actor, noticeVersion: c.noticeVersion }]);
    await trx.insertInto('person_sources').values({ person_id: c.personId, source_id: source.id, line: null, at: now }).execute();
    await appendAudit(trx, store.dialect, { actor: c.actor, action: c.granted ? 'contacts.consent.grant' : 'contacts.consent.withdraw', subject: `person:${c.personId}`, detail: { purpose: c.purpose, channel, source: source.id } }, now);
  });
}
