import { sql } from 'kysely';
import type { Store } from '../../store';
import { PERSON_TABLES } from './erase-rows';

/**
 * Making deleted values go from the store's files, not only from its tables.
 *
 * SQLite leaves deleted records in free space inside pages and on the free list, and the WAL keeps
 * old page images until a checkpoint; `secure_delete` makes SQLite overwrite what it frees with
 * zeros, and a TRUNCATE checkpoint copies the zeroed pages into the database and empties the WAL.
 * `secure_delete` is set for the erasure only (it costs writes elsewhere) and put back after.
 * It cannot reach values freed before it was set (an older update of a name): for that, the store
 * itself would have to run with `secure_delete` always on.
 *
 * PostgreSQL keeps deleted tuples until VACUUM reclaims them; VACUUM cannot run in a transaction,
 * so it runs after the erasure, on the tables it touched (a plain VACUUM, not FULL: it takes no
 * exclusive lock and costs about a scan of each table). Freed space is reused rather than zeroed,
 * and the server's WAL and backups keep the old values until they are recycled: that is the
 * documented limit of erasure on PostgreSQL, and why WAL archives and backups need a retention
 * period of their own.
 */

export const TOUCHED_TABLES = ['people', ...PERSON_TABLES, 'review_queue', 'export_lines', 'contact_exports'] as const;

type StoreParts = Pick<Store, 'db' | 'dialect' | 'sqlite'>;

/** Runs `fn` with SQLite's secure_delete on (a no-op on PostgreSQL), then puts the setting back. */
export async function withSecureDelete<T>(store: StoreParts, fn: () => Promise<T>): Promise<T> {
  const handle = store.dialect === 'sqlite' ? store.sqlite : undefined;
  if (!handle) return fn();
  const before = handle.pragma('secure_delete', { simple: true }) as number;
  handle.pragma('secure_delete = ON');
  try {
    return await fn();
  } finally {
    handle.pragma(`secure_delete = ${Number(before) === 1 ? 'ON' : 'OFF'}`);
  }
}

export interface Flushed {
  /** SQLite: false when a reader kept the checkpoint from finishing (the WAL still holds old pages). */
  readonly checkpointed: boolean;
  readonly vacuumed: readonly string[];
}

/** After an erasure has committed: checkpoint and empty SQLite's WAL, or VACUUM the tables on PostgreSQL. */
export async function flushDeleted(store: StoreParts): Promise<Flushed> {
  if (store.dialect === 'sqlite') {
    const handle = store.sqlite;
    if (!handle) return { checkpointed: false, vacuumed: [] };
    const [r] = handle.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return { checkpointed: r?.busy === 0, vacuumed: [] };
  }
  await sql`VACUUM ${sql.join(TOUCHED_TABLES.map((t) => sql.table(t)))}`.execute(store.db);
  return { checkpointed: true, vacuumed: TOUCHED_TABLES };
}
