import type { Migration } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb, ModuleMigrations, TableBuilder } from '../store';
import { createIndex, createTable } from '../store';
import { clusteredMigration } from './clustered';
import { coveringMigration } from './covering';
import { reachMigration } from './reach';

/**
 * The contacts schema. People and everything personal about them are keyed by `person_id`
 * (an integer given by `contact_counters`, never reused; `integer primary key` is SQLite's rowid), so that erasure can reach every row
 * with one key. Every personal value carries `source_id`: where, when, by whom and on what basis
 * it was collected. The consent ledger and the audit log are append-only; `consent_state` is the
 * ledger's latest entry per (person, purpose, channel), kept in the same transaction, for the
 * engine's gate. Values kept after an erasure or for a suppression are keyed HMACs, never the
 * values themselves. The same statements run on SQLite and PostgreSQL.
 */

const table = createTable;
const index = createIndex;

const id = (t: TableBuilder): TableBuilder => t.addColumn('id', 'integer', (c) => c.primaryKey());
const personId = (t: TableBuilder): TableBuilder => t.addColumn('person_id', 'integer', (c) => c.notNull());
const source = (t: TableBuilder): TableBuilder => t.addColumn('source_id', 'integer', (c) => c.notNull());

const people: Migration = {
  async up(db: AnyDb) {
    await table(db, 'contact_counters', (t) => t.addColumn('name', 'text', (c) => c.primaryKey()).addColumn('next', 'bigint', (c) => c.notNull()));
    await table(db, 'contact_sources', (t) =>
      id(t)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('collected_at', 'bigint', (c) => c.notNull())
        .addColumn('collector', 'text', (c) => c.notNull())
        .addColumn('basis', 'text', (c) => c.notNull())
        .addColumn('notice_version', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull()),
    );
    await table(db, 'people', (t) =>
      id(t)
        .addColumn('given_name', 'text')
        .addColumn('family_name', 'text')
        .addColumn('birth_year', 'integer')
        .addColumn('gender', 'text')
        .addColumn('language', 'text')
        .addColumn('support', 'integer')
        .addColumn('volunteer', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('area', 'text')
        .addColumn('block_key', 'text')
        .addColumn('source_id', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull()),
    );
    await index(db, 'people_area', 'people', ['area']);
    await index(db, 'people_block_key', 'people', ['block_key']);
    await index(db, 'people_support', 'people', ['support']);
    // Every source that gave something about a person (import row, sign-up, canvass, merge).
    await table(db, 'person_sources', (t) => source(personId(t)).addColumn('line', 'integer').addColumn('at', 'bigint', (c) => c.notNull()));
    await index(db, 'person_sources_person', 'person_sources', ['person_id']);
    // Emails and phones (E.164), one table: exact dedupe is one lookup on (kind, value).
    await table(db, 'contact_points', (t) =>
      source(personId(t))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('contact_points_pk', ['kind', 'value']),
    );
    await index(db, 'contact_points_person', 'contact_points', ['person_id']);
    await table(db, 'addresses', (t) =>
      source(personId(t))
        .addColumn('street', 'text')
        .addColumn('postcode', 'text')
        .addColumn('city', 'text')
        .addColumn('country', 'text')
        // The household is the normalised address: people at one address share it.
        .addColumn('household', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('addresses_pk', ['person_id']),
    );
    await index(db, 'addresses_household', 'addresses', ['household']);
    await table(db, 'tags', (t) => id(t).addColumn('name', 'text', (c) => c.notNull().unique()));
    await table(db, 'person_tags', (t) => source(personId(t)).addColumn('tag_id', 'bigint', (c) => c.notNull()).addPrimaryKeyConstraint('person_tags_pk', ['tag_id', 'person_id']));
    await index(db, 'person_tags_person', 'person_tags', ['person_id']);
    // Custom fields as rows (entity–attribute–value): thousands of attributes, no column each.
    await table(db, 'fields', (t) => id(t).addColumn('name', 'text', (c) => c.notNull().unique()));
    await table(db, 'person_fields', (t) =>
      source(personId(t))
        .addColumn('field_id', 'bigint', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('num', 'double precision')
        .addPrimaryKeyConstraint('person_fields_pk', ['field_id', 'person_id']),
    );
    await index(db, 'person_fields_person', 'person_fields', ['person_id']);
    await index(db, 'person_fields_value', 'person_fields', ['field_id', 'value']);
    await table(db, 'activities', (t) =>
      source(personId(t).addColumn('id', 'integer', (c) => c.primaryKey()))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('channel', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('detail', 'text'),
    );
    await index(db, 'activities_person', 'activities', ['person_id']);
    await index(db, 'activities_kind', 'activities', ['kind', 'at']);
  },
};

const consent: Migration = {
  async up(db: AnyDb) {
    // The ledger: append-only; a consent is withdrawn by a later entry with granted = 0.
    await table(db, 'consents', (t) =>
      source(personId(t).addColumn('id', 'integer', (c) => c.primaryKey()))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('granted', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('notice_version', 'text'),
    );
    await index(db, 'consents_person', 'consents', ['person_id']);
    await table(db, 'consent_state', (t) =>
      personId(t)
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('granted', 'integer', (c) => c.notNull())
        .addColumn('consent_id', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('consent_state_pk', ['purpose', 'channel', 'person_id']),
    );
    await index(db, 'consent_state_person', 'consent_state', ['person_id']);
    // Do-not-contact: per person, per channel or '*' for all.
    await table(db, 'suppressions', (t) =>
      personId(t)
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('suppressions_pk', ['person_id', 'channel']),
    );
    // Keyed HMACs of values that must not be contacted again (an email, a phone), whoever holds them.
    await table(db, 'suppressed_values', (t) =>
      t
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('suppressed_values_pk', ['hash', 'channel']),
    );
    // Keyed HMACs of the identifiers of erased people: a re-import of them is flagged, not restored.
    await table(db, 'tombstones', (t) =>
      t
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('request_id', 'bigint')
        .addColumn('at', 'bigint', (c) => c.notNull()),
    );
  },
};

const work: Migration = {
  async up(db: AnyDb) {
    await table(db, 'import_mappings', (t) =>
      t
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull()),
    );
    // What an import did; bad lines by number and reason only, never their values.
    await table(db, 'contact_imports', (t) =>
      id(t)
        .addColumn('source_id', 'bigint', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        // The file's identity (path, size, time, first 64 KiB) and the last line committed: a crashed import resumes there.
        .addColumn('file_key', 'text')
        .addColumn('done_line', 'integer', (c) => c.notNull())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('bad', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint'),
    );
    // Possible duplicates (fuzzy) and re-imports of erased people, for a person to decide.
    await table(db, 'review_queue', (t) =>
      id(t)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('person_id', 'bigint')
        .addColumn('other_id', 'bigint')
        .addColumn('score', 'double precision')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('import_id', 'bigint')
        .addColumn('line', 'integer')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('resolved_by', 'text')
        .addColumn('resolved_at', 'bigint'),
    );
    await index(db, 'review_queue_status', 'review_queue', ['status']);
    await table(db, 'segments', (t) =>
      id(t)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull()),
    );
    // Lists handed to people (a canvasser's walk list, a call list): who may see whom.
    await table(db, 'contact_lists', (t) =>
      id(t)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('assigned_to', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint'),
    );
    await table(db, 'list_members', (t) => personId(t).addColumn('list_id', 'bigint', (c) => c.notNull()).addPrimaryKeyConstraint('list_members_pk', ['list_id', 'person_id']));
    await index(db, 'list_members_person', 'list_members', ['person_id']);
    // People taken off lists (erasure, objection): devices holding the list delete them at the next sync.
    await table(db, 'list_removals', (t) => personId(t).addColumn('list_id', 'bigint', (c) => c.notNull()).addColumn('at', 'bigint', (c) => c.notNull()));
    // Files the platform wrote, and which lines hold whom: erasure rewrites them.
    await table(db, 'contact_exports', (t) =>
      id(t)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull()),
    );
    await table(db, 'export_lines', (t) =>
      personId(t)
        .addColumn('export_id', 'bigint', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('export_lines_pk', ['export_id', 'line']),
    );
    await index(db, 'export_lines_person', 'export_lines', ['person_id']);
    await table(db, 'rights_requests', (t) =>
      id(t)
        .addColumn('person_id', 'bigint')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('outcome', 'text'),
    );
    await table(db, 'retention_policies', (t) =>
      t
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull()),
    );
    // Organisers see the people of their areas.
    await table(db, 'user_areas', (t) =>
      t
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('area', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_areas_pk', ['user_name', 'area']),
    );
    // Append-only and hash-chained: each entry's hash covers the previous entry's hash.
    await table(db, 'audit_log', (t) =>
      t
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull()),
    );
  },
};

// Segment counts over a million people (bench/contacts): indexes that cover what the gate and
// the common conditions read, replacing narrower ones (so an import maintains no more indexes).
const segmentIndexes: Migration = {
  async up(db: AnyDb) {
    // The gate's "has an email/phone" probe reads kind from the index, not from the table.
    await index(db, 'contact_points_person_kind', 'contact_points', ['person_id', 'kind']);
    await db.schema.dropIndex('contact_points_person').ifExists().execute();
    // `support >= n AND volunteer` from the index alone.
    await index(db, 'people_support_volunteer', 'people', ['support', 'volunteer']);
    await db.schema.dropIndex('people_support').ifExists().execute();
    // The gate's consent probe (latest entry is a grant) from the index alone.
    await index(db, 'consent_state_gate', 'consent_state', ['purpose', 'channel', 'person_id', 'granted']);
  },
};

// Imports' leases (imports/lease.ts): who runs an import and until when, and one unfinished import per file.
const importLease: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('contact_imports').addColumn('held_by', 'text').execute();
    await db.schema.alterTable('contact_imports').addColumn('held_until', 'bigint').execute();
    // Runs of a file at once could each start an import of it before: the newest is the one resumed, the others are left as they stand.
    await sql`UPDATE contact_imports SET file_key = NULL WHERE finished_at IS NULL AND file_key IS NOT NULL
      AND id < (SELECT max(i.id) FROM contact_imports i WHERE i.file_key = contact_imports.file_key AND i.finished_at IS NULL)`.execute(db);
    await db.schema.createIndex('contact_imports_unfinished').ifNotExists().unique().on('contact_imports').column('file_key').where(sql.ref('finished_at'), 'is', null).execute();
  },
};

// Export lines of a person merged into another (review merge): the id the file holds is kept, for the erasure's check of each line it removes.
const exportWrittenId: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('export_lines').addColumn('written_id', 'integer').execute();
  },
};

// Each export keeps the SHA-256 of its file as written (exports/write.ts), so that erasure can tell an edited audience file (exports-scrub.ts).
const exportDigest: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('contact_exports').addColumn('digest', 'text').execute();
  },
};

// The sealed names of the erased holders of an email or phone (rights/tombstones.ts): a housemate's row with the household's phone is not taken for them. Tombstones from before have none, and flag every row as before.
const tombstoneNames: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('tombstones').addColumn('names', 'text').execute();
  },
};

// Each consent entry of an import keeps its own line: one person on two lines of a file ("no", then "yes") is two entries from two lines.
const consentLine: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('consents').addColumn('line', 'integer').execute();
  },
};

export const contactsMigrations: ModuleMigrations = {
  module: 'contacts',
  migrations: { '0001_people': people, '0002_consent': consent, '0003_work': work, '0004_segment_indexes': segmentIndexes, '0005_reach': reachMigration, '0006_import_lease': importLease, '0007_export_written_id': exportWrittenId, '0008_consent_line': consentLine, '0009_clustered': clusteredMigration, '0010_covering': coveringMigration, '0011_export_digest': exportDigest, '0012_tombstone_names': tombstoneNames },
};
