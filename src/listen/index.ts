export type { Post } from './post';
export type { FormatName } from './formats';
export { FORMAT_NAMES, detectRecordFormat, parseRecord } from './formats';
export type { BadItem, FileSummary, IngestDeps, IngestOptions, IngestProgress, IngestSummary, PostSink } from './ingest';
export { DEFAULT_INGEST_OPTIONS, ingestFiles } from './ingest';
export type { IngestCounts, PostSummary } from './store';
export { PostStore } from './store';
export { listenMigrations } from './migrations';
