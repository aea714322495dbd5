import type { ColumnType, Kysely } from 'kysely';
import type { AnyDb } from '../store';

/** The contacts tables as Kysely sees them (see migrations.ts for what each holds). */
export interface ContactTables {
  contact_counters: { name: string; next: number };
  contact_sources: { id: number; kind: string; label: string; collected_at: number; collector: string; basis: string; notice_version: string | null; created_at: number };
  people: {
    id: number;
    given_name: string | null;
    family_name: string | null;
    birth_year: number | null;
    gender: string | null;
    language: string | null;
    support: number | null;
    volunteer: number;
    area: string | null;
    block_key: string | null;
    source_id: number;
    created_at: number;
    updated_at: number;
  };
  person_sources: { person_id: number; source_id: number; line: number | null; at: number };
  contact_points: { person_id: number; source_id: number; kind: string; value: string; created_at: number };
  addresses: { person_id: number; source_id: number; street: string | null; postcode: string | null; city: string | null; country: string | null; household: string | null; created_at: number };
  tags: { id: number; name: string };
  person_tags: { person_id: number; source_id: number; tag_id: number };
  fields: { id: number; name: string };
  person_fields: { person_id: number; source_id: number; field_id: number; value: string; num: number | null };
  activities: { id: number; person_id: number; source_id: number; kind: string; channel: string | null; at: number; actor: string; detail: string | null };
  /** line: the line of the import file the entry came from (null for other sources, and entries recorded before it was kept). */
  consents: { id: number; person_id: number; source_id: number; purpose: string; channel: string; granted: number; at: number; actor: string; notice_version: string | null; line: ColumnType<number | null, number | null | undefined, number | null> };
  consent_state: { person_id: number; purpose: string; channel: string; granted: number; consent_id: number; at: number };
  suppressions: { person_id: number; channel: string; reason: string; at: number; actor: string };
  /** Who may be reached for what: kept by triggers from the gate's rule (reach.ts). */
  reach: { purpose: string; channel: string; person_id: number };
  suppressed_values: { hash: string; channel: string; at: number };
  /**
   * names (email and phone tombstones): the names of the people erased who held the value, sealed
   * (JSON array of SealedName, see hashing.ts), so that a row sharing the value under a clearly other
   * name is not taken for them; null when one of them had none, or was erased before 0012.
   */
  tombstones: { hash: string; kind: string; request_id: number | null; at: number; names: ColumnType<string | null, string | null | undefined, string | null> };
  import_mappings: { name: string; spec: string; updated_at: number };
  contact_imports: { id: number; source_id: number; file: string; file_key: string | null; done_line: number; mapping: string; actor: string; counts: string; bad: string; started_at: number; finished_at: number | null; held_by: string | null; held_until: number | null };
  review_queue: {
    id: number;
    kind: string;
    person_id: number | null;
    other_id: number | null;
    score: number | null;
    reason: string;
    import_id: number | null;
    line: number | null;
    status: string;
    created_at: number;
    resolved_by: string | null;
    resolved_at: number | null;
  };
  segments: { id: number; name: string; definition: string; created_by: string; updated_at: number };
  contact_lists: { id: number; name: string; purpose: string; channel: string; assigned_to: string | null; created_by: string; created_at: number; expires_at: number | null };
  list_members: { list_id: number; person_id: number };
  list_removals: { list_id: number; person_id: number; at: number };
  /** digest: the SHA-256 (hex) of the file as the platform last wrote it; null for exports from before 0011. */
  contact_exports: { id: number; kind: string; path: string; purpose: string; channel: string; rows: number; created_by: string; created_at: number; digest: ColumnType<string | null, string | null | undefined, string | null> };
  /** written_id: the id the file's line holds when it is not person_id (the person it was written for was merged into person_id); null otherwise. */
  export_lines: { export_id: number; line: number; person_id: number; written_id: ColumnType<number | null, number | null | undefined, number | null> };
  rights_requests: { id: number; person_id: number | null; kind: string; received_at: number; due_at: number; status: string; actor: string; closed_at: number | null; outcome: string | null };
  retention_policies: { name: string; spec: string; updated_at: number };
  user_areas: { user_name: string; area: string };
  audit_log: { seq: number; at: number; actor: string; action: string; subject: string | null; detail: string; prev: string; hash: string };
}

export type ContactsDb = Kysely<ContactTables>;

export function contactsDb(db: AnyDb): ContactsDb {
  return db as ContactsDb;
}
