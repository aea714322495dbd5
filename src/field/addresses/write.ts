import { sql } from 'kysely';
import { reserveIds } from '../../contacts/ids';
import { contactsDb } from '../../contacts/tables';
import type { FieldDb } from '../tables';
import type { AddressRow } from './parse';
import { SeenIds } from './seen';

const CHANGED = ['street', 'number', 'postcode', 'city', 'lat', 'lon', 'doors', 'block', 'household'] as const;

// Rows per INSERT: 13 values each stays far below SQLite's and PostgreSQL's bound-parameter limits.
const ROWS_PER_STATEMENT = 500;

/** A row whose id the file gave before: the first is kept, this one reported. */
export interface RepeatedAddress {
  readonly row: AddressRow;
  /** The line that gave the id first, when known. */
  readonly firstLine: number | null;
}

/**
 * Writes a batch of address rows in the caller's transaction: a row whose `ext_id` is held already
 * (from an earlier import) is updated in place, its id kept; the others get new ids. An id the
 * same import gave before — earlier in the batch, or in a batch already written (`seen`: the ids
 * kept by the caller across batches, added to here) — is not written again
 * but returned in `repeated`, so that two addresses under one id are reported, not merged. (The
 * stored `import_id` alone cannot tell: a row given again unchanged is not rewritten, and keeps an
 * earlier import's.)
 */
export async function upsertAddresses(trx: FieldDb, rows: readonly AddressRow[], importId: number, now: number, seen: SeenIds = new SeenIds()): Promise<{ stored: number; updated: number; repeated: RepeatedAddress[] }> {
  const latest = new Map<string, AddressRow>();
  const repeated: RepeatedAddress[] = [];
  for (const r of rows) {
    const first = latest.get(r.extId);
    if (first) repeated.push({ row: r, firstLine: first.line });
    else if (!seen.add(r.extId)) repeated.push({ row: r, firstLine: null });
    else latest.set(r.extId, r);
  }
  const known = new Map<string, number>();
  const ids = [...latest.keys()];
  for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
    const found = await trx.selectFrom('field_addresses').select(['id', 'ext_id', 'import_id']).where('ext_id', 'in', ids.slice(i, i + ROWS_PER_STATEMENT)).execute();
    for (const f of found) {
      if (Number(f.import_id) === importId) {
        repeated.push({ row: latest.get(f.ext_id)!, firstLine: null });
        latest.delete(f.ext_id);
      } else known.set(f.ext_id, Number(f.id));
    }
  }
  const fresh = latest.size - known.size;
  let next = await reserveIds(contactsDb(trx), 'field_addresses', fresh);
  const values = [...latest.values()].map((r) => ({
    id: known.get(r.extId) ?? next++,
    ext_id: r.extId,
    street: r.street,
    number: r.number,
    postcode: r.postcode,
    city: r.city,
    lat: r.lat,
    lon: r.lon,
    doors: r.doors,
    block: r.block,
    station: r.station,
    station_from_file: r.station === null ? 0 : 1,
    household: r.household,
    import_id: importId,
    created_at: now,
  }));
  for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
    await trx
      .insertInto('field_addresses')
      .values(values.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) =>
        oc.column('ext_id').doUpdateSet((eb) => ({
          street: eb.ref('excluded.street'),
          number: eb.ref('excluded.number'),
          postcode: eb.ref('excluded.postcode'),
          city: eb.ref('excluded.city'),
          lat: eb.ref('excluded.lat'),
          lon: eb.ref('excluded.lon'),
          doors: eb.ref('excluded.doors'),
          block: eb.ref('excluded.block'),
          // A file without a station keeps the one linking found before (see linkAddresses), unless the
          // address moved: a station found by distance from where it was is then forgotten, for the next link to find again.
          station: sql<string | null>`CASE WHEN excluded.station IS NOT NULL THEN excluded.station WHEN field_addresses.station_from_file = 0 AND (field_addresses.lat IS DISTINCT FROM excluded.lat OR field_addresses.lon IS DISTINCT FROM excluded.lon) THEN NULL ELSE field_addresses.station END`,
          station_from_file: sql<number>`CASE WHEN excluded.station IS NOT NULL THEN 1 ELSE field_addresses.station_from_file END`,
          household: eb.ref('excluded.household'),
          import_id: eb.ref('excluded.import_id'),
        }))
        // A row the file gives again unchanged is not rewritten (cheap monthly re-imports on PostgreSQL).
        .where(sql<boolean>`${sql.join(CHANGED.map((c) => sql`field_addresses.${sql.ref(c)} IS DISTINCT FROM excluded.${sql.ref(c)}`), sql` OR `)} OR (excluded.station IS NOT NULL AND (field_addresses.station IS DISTINCT FROM excluded.station OR field_addresses.station_from_file = 0))`),
      )
      .execute();
  }
  return { stored: fresh, updated: known.size, repeated };
}
