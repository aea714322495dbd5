import { sql } from 'kysely';
import { reserveIds } from '../ids';
import type { ContactsDb } from '../tables';
import type { Channel } from '../vocabulary';
import { checkChannel, checkPurpose } from '../vocabulary';

/** One ledger entry: a person gave (granted) or withdrew (not granted) consent for a purpose on a channel. */
export interface ConsentEntry {
  readonly personId: number;
  readonly purpose: string;
  readonly channel: Channel;
  readonly granted: boolean;
  readonly sourceId: number;
  /** When the person said so (the collection time; may be earlier than now for an import). */
  readonly at: number;
  readonly actor: string;
  readonly noticeVersion: string | null;
}

// 10 columns × 500 rows stays below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

/**
 * Appends entries to the ledger and moves each (person, purpose, channel) state to the latest
 * entry by time, then by ledger order. Never updates or deletes an entry: a withdrawal is a new
 * entry with `granted: false`. Run inside the caller's transaction.
 */
export async function recordConsents(trx: ContactsDb, entries: readonly ConsentEntry[]): Promise<void> {
  if (entries.length === 0) return;
  for (const e of entries) {
    checkPurpose(e.purpose);
    checkChannel(e.channel);
  }
  const first = await reserveIds(trx, 'consents', entries.length);
  const rows = entries.map((e, i) => ({
    id: first + i,
    person_id: e.personId,
    source_id: e.sourceId,
    purpose: e.purpose,
    channel: e.channel,
    granted: e.granted ? 1 : 0,
    at: e.at,
    actor: e.actor,
    notice_version: e.noticeVersion,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('consents').values(rows.slice(i, i + CHUNK)).execute();
  const latest = latestPerKey(rows);
  for (let i = 0; i < latest.length; i += CHUNK) {
    await trx
      .insertInto('consent_state')
      .values(latest.slice(i, i + CHUNK).map((r) => ({ person_id: r.person_id, purpose: r.purpose, channel: r.channel, granted: r.granted, consent_id: r.id, at: r.at })))
      .onConflict((oc) =>
        oc
          .columns(['purpose', 'channel', 'person_id'])
          .doUpdateSet({ granted: sql`excluded.granted`, consent_id: sql`excluded.consent_id`, at: sql`excluded.at` })
          .where(sql<boolean>`excluded.at > consent_state.at OR (excluded.at = consent_state.at AND excluded.consent_id > consent_state.consent_id)`),
      )
      .execute();
  }
}

type Row = { id: number; person_id: number; purpose: string; channel: string; granted: number; at: number };

/** Within one call, the entry that wins per key (later time, then later id). */
function latestPerKey<R extends Row>(rows: readonly R[]): R[] {
  const best = new Map<string, R>();
  for (const r of rows) {
    const key = `${r.person_id}|${r.purpose}|${r.channel}`;
    const b = best.get(key);
    if (!b || r.at > b.at || (r.at === b.at && r.id > b.id)) best.set(key, r);
  }
  return [...best.values()];
}
