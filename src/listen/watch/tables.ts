import type { Migration } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb, ModuleMigrations } from '../../store';

export interface WatchlistsTable {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  /** When a scan of the stored posts last finished for the current items (null: never). */
  scanned_at: number | null;
}

export interface WatchItemsTable {
  watchlist: string;
  item: string;
  kind: string;
  value: string;
  platform: string | null;
}

/** One post that matched one item of a list: who (pseudonym), where, when; never the text. */
export interface WatchMatchesTable {
  watchlist: string;
  item: string;
  platform: string;
  post_id: string;
  author: string | null;
  created_at: number;
  country: string | null;
  is_repost: number;
  repost_of: string | null;
}

export interface WatchTables {
  watchlists: WatchlistsTable;
  watch_items: WatchItemsTable;
  watch_matches: WatchMatchesTable;
}

const tables: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('watchlists')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('scanned_at', 'bigint')
      .execute();
    await db.schema
      .createTable('watch_items')
      .ifNotExists()
      .addColumn('watchlist', 'text', (c) => c.notNull().references('watchlists.id').onDelete('cascade'))
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('platform', 'text')
      .addPrimaryKeyConstraint('watch_items_pk', ['watchlist', 'item'])
      .execute();
    // No foreign key to the list: matches are written with posts, in their transaction, and a
    // list removed meanwhile must not fail the batch (its matches are deleted with it).
    await db.schema
      .createTable('watch_matches')
      .ifNotExists()
      .addColumn('watchlist', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('author', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('country', 'text')
      .addColumn('is_repost', 'smallint', (c) => c.notNull())
      .addColumn('repost_of', 'text')
      .addPrimaryKeyConstraint('watch_matches_pk', ['watchlist', 'item', 'platform', 'post_id'])
      .execute();
    await db.schema.createIndex('watch_matches_time').ifNotExists().on('watch_matches').columns(['watchlist', 'created_at']).execute();
    // Reposts received by a matched post are counted from the posts table.
    await db.schema.createIndex('posts_repost_of').ifNotExists().on('posts').columns(['platform', 'repost_of']).where(sql.ref('repost_of'), 'is not', null).execute();
  },
};

export const watchMigrations: ModuleMigrations = { module: 'watch', migrations: { '0001_watchlists': tables } };
