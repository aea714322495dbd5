import type { Generated, Kysely } from 'kysely';
import type { ContactTables } from '../contacts/tables';
import type { AnyDb } from '../store';

/** The field tables as Kysely sees them (see migrations.ts for what each holds). JSON columns are text. */
export interface FieldTables {
  field_areas: { id: string; name: string; source: string | null; registered: number; created_at: number };
  field_stations: { code: string; name: string | null; lat: number | null; lon: number | null; area_id: string | null };
  field_imports: { id: number; file: string; format: string; actor: string; counts: string; file_key: string | null; done_line: number; bad: string; started_at: number; finished_at: number | null };
  field_addresses: {
    id: number;
    ext_id: string;
    street: string | null;
    number: string | null;
    postcode: string | null;
    city: string | null;
    lat: number;
    lon: number;
    doors: number;
    block: string | null;
    station: string | null;
    /** 1: the station came from the import file (a relink keeps it); 0: linked to the nearest station. */
    station_from_file: Generated<number>;
    area_id: string | null;
    household: string | null;
    import_id: number | null;
    created_at: number;
  };
  field_campaigns: { id: number; name: string; purpose: string; script: string; created_by: string; notice_version: string | null; lock_hours: number; created_at: number; updated_at: number };
  field_turfs: { id: number; campaign_id: number; area_id: string; number: number; doors: number; lat: number | null; lon: number | null; version: number; created_at: number; updated_at: number };
  field_turf_doors: { campaign_id: number; turf_id: number; address_id: number; seq: number };
  /** Every door each turf has held: a knock may name the turf the door was on when the phone downloaded it. */
  field_turf_door_history: { turf_id: number; address_id: number };
  /** The notice text (SHA-256) each version of a campaign named. */
  field_notices: { campaign_id: number; version: string; text_sha256: string; first_at: number };
  field_canvassers: { user_name: string; person_id: number | null; district: string | null; attributes: string; availability: string; updated_at: number };
  field_assignments: { id: number; campaign_id: number; turf_id: number; user_name: string; assigned_by: string; slot: string | null; partner: string | null; assigned_at: number; ends_at: number | null; ended_at: number | null };
  field_locks: { turf_id: number; user_name: string; device: string; locked_at: number; expires_at: number };
  field_events: {
    id: string;
    campaign_id: number;
    turf_id: number;
    address_id: number;
    result: string;
    digest: string;
    person_id: number | null;
    answers: string | null;
    consents: string | null;
    user_name: string;
    device: string;
    client_at: number;
    seq: number;
    received_at: number;
  };
  field_door_state: { campaign_id: number; address_id: number; event_id: string; result: string; client_at: number; user_name: string; dnc: number };
}

/** Field and contacts tables together: turfs link doors to people through the household key. */
export type FieldDb = Kysely<FieldTables & ContactTables>;

export function fieldDb(db: AnyDb): FieldDb {
  return db as FieldDb;
}
