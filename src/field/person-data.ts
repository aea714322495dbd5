import type { ContactsDb } from '../contacts/tables';
import { registerPersonData } from '../contacts/rights/derived';
import { ERASED_DIGEST } from './sync/event';
import type { FieldDb } from './tables';

/**
 * What the field module holds about contacts people, for erasure and access requests. Door events
 * name the person met and their answers; an erasure unlinks the person and drops the answers and
 * consents, and the event's digest (the knock and its result code stay, for the doors-knocked counts: they are about a
 * door, no longer about anyone). A volunteer's canvasser record goes with them.
 */
export function registerFieldPersonData(): void {
  registerPersonData({
    name: 'field_events',
    async erase(trx: ContactsDb, ids: readonly number[]) {
      const r = await (trx as unknown as FieldDb).updateTable('field_events').set({ person_id: null, answers: null, consents: null, digest: ERASED_DIGEST }).where('person_id', 'in', ids).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async merge(trx: ContactsDb, keep: number, dup: number) {
      // The digest stays what the phone sent (with dup's id): a re-sent event is still known as held.
      await (trx as unknown as FieldDb).updateTable('field_events').set({ person_id: keep }).where('person_id', '=', dup).execute();
    },
    async access(db: ContactsDb, id: number) {
      const rows = await (db as unknown as FieldDb)
        .selectFrom('field_events as e')
        .innerJoin('field_campaigns as c', 'c.id', 'e.campaign_id')
        .select(['e.id', 'c.name as campaign', 'e.result', 'e.answers', 'e.consents', 'e.user_name', 'e.client_at'])
        .where('e.person_id', '=', id)
        .orderBy('e.client_at')
        .execute();
      return rows.map((r) => ({ event: r.id, campaign: r.campaign, result: r.result, answers: parse(r.answers), consents: parse(r.consents), canvasser: r.user_name, at: Number(r.client_at) }));
    },
  });
  registerPersonData({
    name: 'field_canvassers',
    async erase(trx: ContactsDb, ids: readonly number[]) {
      const r = await (trx as unknown as FieldDb).deleteFrom('field_canvassers').where('person_id', 'in', ids).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async merge(trx: ContactsDb, keep: number, dup: number) {
      await (trx as unknown as FieldDb).updateTable('field_canvassers').set({ person_id: keep }).where('person_id', '=', dup).execute();
    },
    async access(db: ContactsDb, id: number) {
      const rows = await (db as unknown as FieldDb).selectFrom('field_canvassers').select(['user_name', 'district', 'attributes', 'availability']).where('person_id', '=', id).execute();
      return rows.map((r) => ({ user: r.user_name, district: r.district, attributes: parse(r.attributes), availability: parse(r.availability) }));
    },
  });
}

function parse(json: string | null): unknown {
  return json === null ? null : (JSON.parse(json) as unknown);
}
