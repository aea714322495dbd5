import type { Migration } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb, ModuleMigrations } from '../store';
import { partitionByTime } from './partition-migration';
import { postIdsMigration } from './post-ids';
import { termsMigration } from './terms/table';

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

/** One classification per post and question, written with the post (README "What is stored"). */
const classes: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('post_classes')
      .ifNotExists()
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('lang', 'text')
      .addColumn('country', 'text')
      .addColumn('stance', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addColumn('model', 'double precision')
      .addColumn('cues', 'text', (c) => c.notNull())
      .addColumn('sentiment', 'double precision')
      .addColumn('topics', 'text', (c) => c.notNull())
      .addColumn('theme_sentiment', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_classes_pk', ['question', 'platform', 'post_id'])
      .execute();
    await db.schema.createIndex('post_classes_time').ifNotExists().on('post_classes').columns(['question', 'created_at']).execute();
  },
};

/**
 * Counts by question × hour × country × language × stance × topic, kept up to date as posts are
 * stored. Topic '' holds every post once (its sentiment sum is the posts' compound sentiment);
 * each topic row holds the posts about that topic (its sentiment sum is their theme sentiment).
 * Unknown country or language is ''.
 */
const rollups: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('listen_rollups')
      .ifNotExists()
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('hour', 'bigint', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('stance', 'text', (c) => c.notNull())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('posts', 'bigint', (c) => c.notNull())
      .addColumn('score_sum', 'double precision', (c) => c.notNull())
      .addColumn('sentiment_sum', 'double precision', (c) => c.notNull())
      .addColumn('sentiment_n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('listen_rollups_pk', ['question', 'hour', 'country', 'lang', 'stance', 'topic'])
      .execute();
  },
};

/**
 * The author's age band and gender, for audience breakdowns, when the input carries them. The
 * partial index holds only such posts, so the breakdown reads them without scanning the rest.
 */
const audience: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('posts').addColumn('age_band', 'text').execute();
    await db.schema.alterTable('posts').addColumn('gender', 'text').execute();
    await sql`CREATE INDEX IF NOT EXISTS posts_audience ON posts (age_band, gender) WHERE age_band IS NOT NULL OR gender IS NOT NULL`.execute(db);
  },
};

export const listenMigrations: ModuleMigrations = {
  module: 'listen',
  migrations: { '0001_posts': posts, '0002_ingest_checkpoints': checkpoints, '0003_post_classes': classes, '0004_listen_rollups': rollups, '0005_listen_terms': termsMigration, '0006_post_audience': audience, '0007_partition_by_time': partitionByTime, '0008_post_ids': postIdsMigration },
};
