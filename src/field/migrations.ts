import type { Migration } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb, ModuleMigrations, TableBuilder } from '../store';
import { createIndex, createTable, isPostgres } from '../store';
import { noticeDigest } from './campaigns/script';
import { registerFieldPersonData } from './person-data';

/**
 * The field schema: address points (doors) linked to polling stations and sample areas, campaigns
 * with their door script, turfs cut from an area (doors in walking order), canvassers and their
 * assignments, turf locks, and the append-only log of door events sent by the phones (keyed by the
 * id the phone gave them, so that a sync sent twice stores nothing twice). `field_door_state` is
 * the log's current answer per door (see docs/field.md for the rule), kept in the same transaction.
 * Ids come from `contact_counters` (never reused). The same statements run on SQLite and PostgreSQL.
 */

const table = createTable;
const index = createIndex;

const id = (t: TableBuilder): TableBuilder => t.addColumn('id', 'integer', (c) => c.primaryKey());
const text = (t: TableBuilder, name: string): TableBuilder => t.addColumn(name, 'text');
const need = (t: TableBuilder, name: string, type: 'text' | 'bigint' | 'integer' | 'real'): TableBuilder => t.addColumn(name, type, (c) => c.notNull());

const places: Migration = {
  async up(db: AnyDb) {
    await table(db, 'field_areas', (t) =>
      need(text(need(t.addColumn('id', 'text', (c) => c.primaryKey()), 'name', 'text'), 'source'), 'registered', 'integer').addColumn('created_at', 'bigint', (c) => c.notNull()),
    );
    await table(db, 'field_stations', (t) => text(t.addColumn('code', 'text', (c) => c.primaryKey()), 'name').addColumn('lat', 'real').addColumn('lon', 'real').addColumn('area_id', 'text'));
    await index(db, 'field_stations_area', 'field_stations', ['area_id']);
    await table(db, 'field_imports', (t) =>
      need(need(need(need(id(t), 'file', 'text'), 'format', 'text'), 'actor', 'text'), 'counts', 'text')
        .addColumn('file_key', 'text')
        .addColumn('done_line', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('bad', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint'),
    );
    await table(db, 'field_addresses', (t) =>
      text(text(text(text(need(id(t), 'ext_id', 'text'), 'street'), 'number'), 'postcode'), 'city')
        .addColumn('lat', 'real', (c) => c.notNull())
        .addColumn('lon', 'real', (c) => c.notNull())
        .addColumn('doors', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('block', 'text')
        .addColumn('station', 'text')
        .addColumn('area_id', 'text')
        .addColumn('household', 'text')
        .addColumn('import_id', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull()),
    );
    await index(db, 'field_addresses_ext', 'field_addresses', ['ext_id'], true);
    await index(db, 'field_addresses_area', 'field_addresses', ['area_id']);
    await index(db, 'field_addresses_station', 'field_addresses', ['station']);
    await index(db, 'field_addresses_household', 'field_addresses', ['household']);
  },
};

const campaigns: Migration = {
  async up(db: AnyDb) {
    await table(db, 'field_campaigns', (t) =>
      need(need(need(need(id(t), 'name', 'text'), 'purpose', 'text'), 'script', 'text'), 'created_by', 'text')
        .addColumn('notice_version', 'text')
        .addColumn('lock_hours', 'integer', (c) => c.notNull().defaultTo(12))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull()),
    );
    await index(db, 'field_campaigns_name', 'field_campaigns', ['name'], true);
    await table(db, 'field_turfs', (t) =>
      need(need(need(need(id(t), 'campaign_id', 'integer'), 'area_id', 'text'), 'number', 'integer'), 'doors', 'integer')
        .addColumn('lat', 'real')
        .addColumn('lon', 'real')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull()),
    );
    await index(db, 'field_turfs_number', 'field_turfs', ['campaign_id', 'area_id', 'number'], true);
    await table(db, 'field_turf_doors', (t) =>
      need(need(need(t, 'campaign_id', 'integer'), 'turf_id', 'integer'), 'address_id', 'integer')
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('field_turf_doors_pk', ['campaign_id', 'address_id']),
    );
    await index(db, 'field_turf_doors_turf', 'field_turf_doors', ['turf_id', 'seq']);
  },
};

const work: Migration = {
  async up(db: AnyDb) {
    await table(db, 'field_canvassers', (t) =>
      t
        .addColumn('user_name', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'integer')
        .addColumn('district', 'text')
        .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('availability', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('updated_at', 'bigint', (c) => c.notNull()),
    );
    await table(db, 'field_assignments', (t) =>
      need(need(need(need(id(t), 'campaign_id', 'integer'), 'turf_id', 'integer'), 'user_name', 'text'), 'assigned_by', 'text')
        .addColumn('slot', 'text')
        .addColumn('partner', 'text')
        .addColumn('assigned_at', 'bigint', (c) => c.notNull())
        .addColumn('ends_at', 'bigint')
        .addColumn('ended_at', 'bigint'),
    );
    await index(db, 'field_assignments_user', 'field_assignments', ['user_name', 'ended_at']);
    await index(db, 'field_assignments_turf', 'field_assignments', ['turf_id']);
    await table(db, 'field_locks', (t) =>
      need(need(t.addColumn('turf_id', 'integer', (c) => c.primaryKey()), 'user_name', 'text'), 'device', 'text')
        .addColumn('locked_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull()),
    );
    await table(db, 'field_events', (t) =>
      need(need(need(need(need(t.addColumn('id', 'text', (c) => c.primaryKey()), 'campaign_id', 'integer'), 'turf_id', 'integer'), 'address_id', 'integer'), 'result', 'text'), 'digest', 'text')
        .addColumn('person_id', 'integer')
        .addColumn('answers', 'text')
        .addColumn('consents', 'text')
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('device', 'text', (c) => c.notNull())
        .addColumn('client_at', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull()),
    );
    await index(db, 'field_events_seq', 'field_events', ['seq'], true);
    await index(db, 'field_events_door', 'field_events', ['campaign_id', 'address_id']);
    await index(db, 'field_events_turf', 'field_events', ['turf_id']);
    await table(db, 'field_door_state', (t) =>
      need(need(need(need(t, 'campaign_id', 'integer'), 'address_id', 'integer'), 'event_id', 'text'), 'result', 'text')
        .addColumn('client_at', 'bigint', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('dnc', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('field_door_state_pk', ['campaign_id', 'address_id']),
    );
  },
};

// Any process that can open the field tables also erases and hands over what they hold about people.
registerFieldPersonData();

/** Whether an address's station came from its file (kept by a relink) or from the nearest station (recomputed). */
const stationFromFile: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('field_addresses').addColumn('station_from_file', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
};

/**
 * Every door each turf has held (turf ids are never reused): a phone's knock names the turf as it
 * was downloaded, and an organiser may have moved the door out of it since; the knock counts only
 * if the door was on that turf (or is on one of the canvasser's turfs now).
 */
const doorHistory: Migration = {
  async up(db: AnyDb) {
    await table(db, 'field_turf_door_history', (t) =>
      t.addColumn('turf_id', 'integer', (c) => c.notNull()).addColumn('address_id', 'integer', (c) => c.notNull()).addPrimaryKeyConstraint('field_turf_door_history_pk', ['turf_id', 'address_id']),
    );
    await sql`INSERT INTO field_turf_door_history (turf_id, address_id) SELECT turf_id, address_id FROM field_turf_doors`.execute(db);
  },
};

/** The notice text each version of a campaign named (its SHA-256): a version is never reused for other words. */
const notices: Migration = {
  async up(db: AnyDb) {
    await table(db, 'field_notices', (t) =>
      t
        .addColumn('campaign_id', 'integer', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('text_sha256', 'text', (c) => c.notNull())
        .addColumn('first_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('field_notices_pk', ['campaign_id', 'version']),
    );
    // The campaigns' current notices (the texts of earlier versions were not kept).
    const campaigns = await sql<{ id: number; script: string; updated_at: number }>`SELECT id, script, updated_at FROM field_campaigns`.execute(db);
    for (const c of campaigns.rows) {
      const notice = (JSON.parse(c.script) as { notice: { version: string; text: string } }).notice;
      await sql`INSERT INTO field_notices (campaign_id, version, text_sha256, first_at) VALUES (${c.id}, ${notice.version}, ${noticeDigest(notice.text)}, ${c.updated_at})`.execute(db);
    }
  },
};

/**
 * PostgreSQL's `real` is a 4-byte float: coordinates kept ~7 significant digits (0.2–1.5 m at these
 * latitudes, two doors 10 cm apart made one point) where SQLite's REAL keeps 8 bytes. Coordinates
 * become double precision; those stored before keep the rounding they had (a re-import restores them).
 */
const coordinates: Migration = {
  async up(db: AnyDb) {
    if (!isPostgres(db)) return;
    for (const table of ['field_addresses', 'field_stations', 'field_turfs']) {
      await sql.raw(`ALTER TABLE ${table} ALTER COLUMN lat TYPE double precision, ALTER COLUMN lon TYPE double precision`).execute(db);
    }
  },
};

export const fieldMigrations: ModuleMigrations = {
  module: 'field',
  migrations: { '0001_places': places, '0002_campaigns': campaigns, '0003_work': work, '0004_station_from_file': stationFromFile, '0005_door_history': doorHistory, '0006_notices': notices, '0007_coordinates': coordinates },
};
