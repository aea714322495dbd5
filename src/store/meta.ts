import type { Kysely, Migration } from 'kysely';
import type { AnyDb } from './db';
import { ConfigError } from '../core/errors';
import type { ModuleMigrations } from './migrate';

export interface MetaTable {
  key: string;
  value: string;
}

interface CoreTables {
  hustings_meta: MetaTable;
}

export const coreMigrations: ModuleMigrations = {
  module: 'core',
  migrations: {
    '0001_meta': {
            async up(db: AnyDb) {
        await db.schema
          .createTable('hustings_meta')
          .ifNotExists()
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    } satisfies Migration,
  },
};

function meta(db: AnyDb): Kysely<CoreTables> {
  return db as Kysely<CoreTables>;
}

export async function getMeta(db: AnyDb, key: string): Promise<string | null> {
  const row = await meta(db).selectFrom('hustings_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

const KEY_FINGERPRINT = 'pseudonym_key_fingerprint';

/** The fingerprint of the key the store is bound to, or null for a store bound to none yet. */
export async function boundPseudonymKey(db: AnyDb): Promise<string | null> {
  return getMeta(db, KEY_FINGERPRINT);
}

/**
 * Refuses a store bound to another key than `fingerprint` (its pseudonyms would not match the
 * stored ones); returns whether the store is bound at all. Binds nothing.
 */
export async function checkPseudonymKey(db: AnyDb, fingerprint: string, keySource: string): Promise<boolean> {
  const stored = await boundPseudonymKey(db);
  if (stored !== null && stored !== fingerprint) {
    throw new ConfigError(
      `pseudonym key mismatch: this store was written with key ${stored}, but the key from ${keySource} is ${fingerprint}; ` +
        'use the original key (HUSTINGS_PSEUDONYM_KEY or the hustings.key file in the data directory)',
    );
  }
  return stored !== null;
}

/**
 * Binds the store to one pseudonym key: the first run records the key's fingerprint; a later run
 * with another key is refused, since its pseudonyms would not match the stored ones.
 */
export async function bindPseudonymKey(db: AnyDb, fingerprint: string, keySource: string): Promise<void> {
  // Read first: a store already bound is not written to, so a start does not wait behind another process's write (an import's batch).
  if ((await boundPseudonymKey(db)) === null) {
    await meta(db)
      .insertInto('hustings_meta')
      .values({ key: KEY_FINGERPRINT, value: fingerprint })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
  await checkPseudonymKey(db, fingerprint, keySource);
}
