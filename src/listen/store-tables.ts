import type { Classification } from './classify';
import type { TermsTable } from './terms/table';

export interface PostsTable {
  platform: string;
  post_id: string;
  created_at: number;
  text: string;
  lang: string | null;
  author: string | null;
  is_repost: number;
  repost_of: string | null;
  reply_to: string | null;
  quote_of: string | null;
  place_name: string | null;
  place_country: string | null;
  user_location: string | null;
  format: string;
  ingested_at: number;
  /** The author's age band and gender, only when the input carries them (see listen/audience). */
  age_band: string | null;
  gender: string | null;
}

/** Counts of one ingest, kept with its checkpoint so that a resumed run reports the whole file. */
export interface IngestCounts {
  read: number;
  stored: number;
  duplicates: number;
  bad: number;
  skipped: number;
}

export interface Checkpoint extends IngestCounts {
  readonly sourceKey: string;
  readonly path: string;
  /** Items of the input (lines, array elements, CSV rows) fully handled. */
  readonly position: number;
  readonly status: 'running' | 'done';
}

interface CheckpointsTable extends IngestCounts {
  source_key: string;
  path: string;
  status: string;
  position: number;
  started_at: number;
  updated_at: number;
}

export interface PostClassesTable {
  question: string;
  platform: string;
  post_id: string;
  created_at: number;
  lang: string | null;
  country: string | null;
  stance: string;
  score: number;
  confidence: number;
  model: number | null;
  cues: string;
  sentiment: number | null;
  topics: string;
  theme_sentiment: string;
}

/** A class row's post, as an insert returns it (created_at comes back as text from PostgreSQL's bigint). */
export interface ClassKey {
  readonly platform: string;
  readonly post_id: string;
  readonly created_at: number | string;
}

export interface RollupsTable {
  question: string;
  hour: number;
  country: string;
  lang: string;
  stance: string;
  topic: string;
  posts: number;
  score_sum: number;
  sentiment_sum: number;
  sentiment_n: number;
}

export interface ListenTables {
  posts: PostsTable;
  ingest_checkpoints: CheckpointsTable;
  post_classes: PostClassesTable;
  listen_rollups: RollupsTable;
  listen_terms: TermsTable;
}

/** The classifications of a batch's posts for one question, in the order of the posts. */
export interface BatchClasses {
  readonly question: string;
  readonly items: readonly Classification[];
}
