import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../../store';
import type { ItemKind, Watchlist, WatchItem } from './items';
import { watchlistsChanged } from './generation';
import type { WatchTables } from './tables';

/** A list as the API and CLI show it. */
export interface WatchlistInfo extends Watchlist {
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the stored posts were last scanned for the current items; null: not yet. */
  readonly scannedAt: string | null;
  /** Posts matched (each once, whatever the number of items it matched). */
  readonly matchedPosts: number;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(Number(ms)).toISOString();
}

function asItem(r: { item: string; kind: string; value: string; platform: string | null }): WatchItem {
  return { id: r.item, kind: r.kind as ItemKind, value: r.value, platform: r.platform };
}

/** Every list with its items (what the matcher compiles). */
export async function loadWatchlists(db: Kysely<WatchTables>): Promise<Watchlist[]> {
  const lists = await db.selectFrom('watchlists').select(['id', 'name']).orderBy('id').execute();
  const items = await db.selectFrom('watch_items').selectAll().orderBy('watchlist').orderBy('item').execute();
  return lists.map((l) => ({ id: l.id, name: l.name, items: items.filter((i) => i.watchlist === l.id).map(asItem) }));
}

/** Watchlists and their items in the store. Items are stored resolved: no raw handle ever reaches it. */
export class WatchLists {
  readonly db: Kysely<WatchTables>;

  constructor(db: AnyDb) {
    this.db = db as Kysely<WatchTables>;
  }

  /**
   * Creates the list, or replaces its name and items. The matches of items no longer on it are
   * deleted; when the items changed the list is marked for a scan. Returns whether it is new and
   * whether its items changed.
   */
  async save(id: string, name: string, items: readonly WatchItem[], now = Date.now()): Promise<{ created: boolean; itemsChanged: boolean }> {
    const result = await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('watchlists').select('id').where('id', '=', id).executeTakeFirst();
      const old = new Set((await trx.selectFrom('watch_items').select('item').where('watchlist', '=', id).execute()).map((r) => r.item));
      const keep = new Set(items.map((i) => i.id));
      const itemsChanged = old.size !== keep.size || [...old].some((i) => !keep.has(i));
      if (before) await trx.updateTable('watchlists').set({ name, updated_at: now, ...(itemsChanged ? { scanned_at: null } : {}) }).where('id', '=', id).execute();
      else {
        // Matches written for a list of this id removed a moment before (by a batch that had not seen it go) go now.
        await trx.deleteFrom('watch_matches').where('watchlist', '=', id).execute();
        await trx.insertInto('watchlists').values({ id, name, created_at: now, updated_at: now, scanned_at: null }).execute();
      }
      const gone = [...old].filter((i) => !keep.has(i));
      if (gone.length > 0) {
        await trx.deleteFrom('watch_items').where('watchlist', '=', id).where('item', 'in', gone).execute();
        await trx.deleteFrom('watch_matches').where('watchlist', '=', id).where('item', 'in', gone).execute();
      }
      const fresh = items.filter((i) => !old.has(i.id)).map((i) => ({ watchlist: id, item: i.id, kind: i.kind, value: i.value, platform: i.platform }));
      for (let i = 0; i < fresh.length; i += 500) await trx.insertInto('watch_items').values(fresh.slice(i, i + 500)).execute();
      return { created: !before, itemsChanged };
    });
    watchlistsChanged();
    return result;
  }

  /** Removes a list, its items and its matches; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const removed = await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('watch_matches').where('watchlist', '=', id).execute();
      await trx.deleteFrom('watch_items').where('watchlist', '=', id).execute();
      const r = await trx.deleteFrom('watchlists').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
    watchlistsChanged();
    return removed;
  }

  /**
   * Marks a list scanned by a scan that started at `at`, unless the list changed since (a scan
   * of the new items is then due) or is gone (whatever the scan recorded for it goes too).
   */
  async markScanned(id: string, at: number): Promise<void> {
    const r = await this.db.updateTable('watchlists').set({ scanned_at: at }).where('id', '=', id).where('updated_at', '<=', at).executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) return;
    const exists = await this.db.selectFrom('watchlists').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) await this.db.deleteFrom('watch_matches').where('watchlist', '=', id).execute();
  }

  async get(id: string): Promise<WatchlistInfo | null> {
    return (await this.infos(id))[0] ?? null;
  }

  async all(): Promise<WatchlistInfo[]> {
    return this.infos(null);
  }

  private async infos(id: string | null): Promise<WatchlistInfo[]> {
    let q = this.db.selectFrom('watchlists').selectAll().orderBy('id');
    if (id !== null) q = q.where('id', '=', id);
    const lists = await q.execute();
    if (lists.length === 0) return [];
    let items = this.db.selectFrom('watch_items').selectAll().orderBy('kind').orderBy('value');
    // Platform names hold no '/', so platform/post id names a post unambiguously.
    let counts = this.db.selectFrom('watch_matches').select(['watchlist', sql<number>`count(distinct platform || '/' || post_id)`.as('n')]).groupBy('watchlist');
    if (id !== null) {
      items = items.where('watchlist', '=', id);
      counts = counts.where('watchlist', '=', id);
    }
    const allItems = await items.execute();
    const matched = new Map((await counts.execute()).map((r) => [r.watchlist, Number(r.n)]));
    return lists.map((l) => ({
      id: l.id,
      name: l.name,
      items: allItems.filter((i) => i.watchlist === l.id).map(asItem),
      createdAt: iso(l.created_at)!,
      updatedAt: iso(l.updated_at)!,
      scannedAt: iso(l.scanned_at),
      matchedPosts: matched.get(l.id) ?? 0,
    }));
  }
}
