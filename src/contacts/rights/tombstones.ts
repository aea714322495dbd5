import type { SealedName } from '../normalise';
import type { ContactsDb } from '../tables';
import type { PersonHash } from './identity';

/** One tombstone to keep: a keyed hash, and the sealed names of the people erased who held it (null: not to be told apart by name). */
interface Tomb {
  readonly hash: string;
  readonly kind: string;
  names: SealedName[] | null;
}

const CHUNK = 500;

/**
 * Keeps the tombstones of an erasure: one per keyed hash. An email's or phone's tombstone carries
 * the sealed names of everyone erased who held it (a household erased one by one), so that a row
 * with that value is taken for one of them unless its name clearly differs from every one; it
 * carries none (null) as soon as one of them had no name that tells anyone apart, or was erased
 * before names were kept, or another erasure wrote it meanwhile: every row is then flagged, as
 * before. Returns how many hashes the erasure has tombstones for.
 */
export async function keepTombstones(trx: ContactsDb, hashes: readonly PersonHash[], requestId: number | null, now: number): Promise<number> {
  const tombs = new Map<string, Tomb>();
  for (const h of hashes) {
    const t = tombs.get(h.hash) ?? tombs.set(h.hash, { hash: h.hash, kind: h.kind, names: [] }).get(h.hash)!;
    if (h.kind === 'identity' || h.name === null) t.names = null;
    else t.names?.push(h.name);
  }
  const all = [...tombs.values()];
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    const known = await trx.selectFrom('tombstones').select(['hash', 'names']).where('hash', 'in', chunk.map((t) => t.hash)).execute();
    const stored = new Map(known.map((k) => [k.hash, k.names]));
    const fresh = chunk.filter((t) => !stored.has(t.hash));
    if (fresh.length) {
      const rows = fresh.map((t) => ({ hash: t.hash, kind: t.kind, request_id: requestId, at: now, names: t.names && JSON.stringify(t.names) }));
      // Written by another erasure since it was looked for: which names it has is not known here, so none are.
      await trx.insertInto('tombstones').values(rows).onConflict((oc) => oc.column('hash').doUpdateSet({ names: null })).execute();
    }
    for (const t of chunk) {
      const before = stored.get(t.hash);
      if (before === undefined || before === null) continue;
      const names = t.names && JSON.stringify([...(JSON.parse(before) as SealedName[]), ...t.names]);
      const done = await trx.updateTable('tombstones').set({ names }).where('hash', '=', t.hash).where('names', '=', before).executeTakeFirst();
      // Changed by another erasure meanwhile: none, as above.
      if (Number(done.numUpdatedRows) === 0) await trx.updateTable('tombstones').set({ names: null }).where('hash', '=', t.hash).execute();
    }
  }
  return all.length;
}
