import type { Migration } from 'kysely';
import type { AnyDb, ModuleMigrations } from '../store';

const posts: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('posts')
      .ifNotExists()
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('lang', 'text')
      .addColumn('author', 'text')
      .addColumn('is_repost', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('repost_of', 'text')
      .addColumn('reply_to', 'text')
      .addColumn('quote_of', 'text')
      .addColumn('place_name', 'text')
      .addColumn('place_country', 'text')
      .addColumn('user_location', 'text')
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('ingested_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('posts_pk', ['platform', 'post_id'])
      .execute();
    await db.schema.createIndex('posts_created_at').ifNotExists().on('posts').column('created_at').execute();
  },
};

const checkpoints: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('ingest_checkpoints')
      .ifNotExists()
      .addColumn('source_key', 'text', (c) => c.primaryKey())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('read', 'bigint', (c) => c.notNull())
      .addColumn('stored', 'bigint', (c) => c.notNull())
      .addColumn('duplicates', 'bigint', (c) => c.notNull())
      .addColumn('bad', 'bigint', (c) => c.notNull())
      .addColumn('skipped', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

export const listenMigrations: ModuleMigrations = {
  module: 'listen',
  migrations: { '0001_posts': posts, '0002_ingest_checkpoints': checkpoints },
};
