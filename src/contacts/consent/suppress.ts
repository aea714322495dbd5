import type { ContactsDb } from '../tables';
import type { Channel } from '../vocabulary';
import { checkChannel } from '../vocabulary';

/** '*' suppresses every channel (global do-not-contact). */
export type SuppressChannel = Channel | '*';

export interface Suppression {
  readonly personId: number;
  readonly channel: SuppressChannel;
  readonly reason: string;
  readonly actor: string;
}

/** Puts people on the do-not-contact list (idempotent: a second suppression of the same channel keeps the first). */
export async function suppress(trx: ContactsDb, items: readonly Suppression[], now = Date.now()): Promise<void> {
  for (const s of items) if (s.channel !== '*') checkChannel(s.channel);
  for (let i = 0; i < items.length; i += 500) {
    await trx
      .insertInto('suppressions')
      .values(items.slice(i, i + 500).map((s) => ({ person_id: s.personId, channel: s.channel, reason: s.reason, at: now, actor: s.actor })))
      .onConflict((oc) => oc.columns(['person_id', 'channel']).doNothing())
      .execute();
  }
}

/**
 * Suppresses an email or phone by its keyed hash, whoever holds it now or later: current holders
 * are suppressed on `channel` now, and an import that brings the value again suppresses its person.
 */
export async function suppressValue(trx: ContactsDb, hash: string, channel: SuppressChannel, now = Date.now()): Promise<void> {
  await trx.insertInto('suppressed_values').values({ hash, channel, at: now }).onConflict((oc) => oc.columns(['hash', 'channel']).doNothing()).execute();
}
