import type { Config } from '../core/config';
import { InputError } from '../core/errors';
import { Pseudonymiser } from '../core/pseudonym';
import { bindSealKey, SEAL_PURPOSE } from '../contacts/audit';
import { contactsMigrations } from '../contacts/migrations';
import { electionsMigrations } from '../elections';
import { fieldMigrations } from '../field/migrations';
import { listenMigrations } from '../listen';
import { watchMigrations } from '../listen/watch';
import { serverMigrations } from '../server/migrations';
import type { ModuleMigrations, Store } from '../store';
import { bindPseudonymKey, checkPseudonymKey, coreMigrations, migrate, openStore, pendingMigrations } from '../store';
import { keyFor, keySourceOf } from './key';

/** Every module's migrations, in the order modules are built on each other. */
export const MIGRATIONS: readonly ModuleMigrations[] = [coreMigrations, listenMigrations, watchMigrations, serverMigrations, electionsMigrations, contactsMigrations, fieldMigrations];

/** An open, migrated store with the pseudonymiser bound to it. */
export interface App {
  readonly config: Config;
  readonly store: Store;
  readonly pseudonymiser: Pseudonymiser;
  /** True when this run created the pseudonym key. */
  readonly keyCreated: boolean;
  /** True when the store was bound to this key when opened (always, unless opened with `bindKey: 'later'`). */
  readonly keyBound: boolean;
  /** Binds the store to this key (a ConfigError if another key got there first); see `bindKey: 'later'`. */
  bindKey(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * 'now' (the default): a store bound to no key yet is bound to this one. 'later': it is left
   * unbound (a store bound to another key is refused all the same), for `App.bindKey` — a scale-out
   * worker binds it only once the stream's entries show that its key is the producers'.
   */
  readonly bindKey?: 'now' | 'later';
  /**
   * The error to throw where the database holds no hustings store (an empty PostgreSQL database, an
   * SQLite file without its tables), instead of making one there. An SQLite path with no file is
   * the caller's to refuse before: opening it makes the file.
   */
  readonly missing?: (label: string) => Error;
  /**
   * false: pending migrations are not applied, and a store that has some is refused (an InputError
   * that names them and `hustings migrate`): for `status`, which changes nothing. A store with none
   * is refused too, with `missing` or else a plain "no store at".
   */
  readonly migrate?: boolean;
}

export { keySourceOf, storeKeyFingerprint } from './key';

/**
 * Opens the store, applies pending migrations, and loads the pseudonym key, or creates it for a
 * store bound to none yet.
 */
export async function openApp(config: Config, options: OpenOptions = {}): Promise<App> {
  const store = await openReadyStore(config, options);
  try {
    const { key, created } = await keyFor(store, config);
    const pseudonymiser = new Pseudonymiser(key);
    const bindKey = (): Promise<void> => bindPseudonymKey(store.db, pseudonymiser.fingerprint, keySourceOf(config));
    let keyBound = true;
    if (options.bindKey === 'later') keyBound = await checkPseudonymKey(store.db, pseudonymiser.fingerprint, keySourceOf(config));
    else await bindKey();
    bindSealKey(store.db, pseudonymiser.derive(SEAL_PURPOSE));
    return { config, store, pseudonymiser, keyCreated: created, keyBound, bindKey, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Opens the store and readies it as `options` say (refused where it is not there or, with `migrate:
 * false`, not up to date; else migrated), loading no key: for `status`, which needs none.
 */
export async function openReadyStore(config: Config, options: Pick<OpenOptions, 'missing' | 'migrate'> = {}): Promise<Store> {
  const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    await prepare(store, options);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Refuses a store that is not there, or is not up to date, when the options say so; else applies its pending migrations. */
async function prepare(store: Store, options: Pick<OpenOptions, 'missing' | 'migrate'>): Promise<void> {
  if (options.missing || options.migrate === false) {
    const pending = await pendingMigrations(store.db, MIGRATIONS);
    if (pending === null) throw options.missing?.(store.label) ?? new InputError(`no store at ${store.label}: this command makes none`);
    if (options.migrate === false) {
      if (pending.length > 0) throw new InputError(pendingMessage(store.label, pending));
      return;
    }
  }
  await migrate(store.db, MIGRATIONS, store.dialect);
}

function pendingMessage(label: string, pending: readonly string[]): string {
  const shown = pending.slice(0, 5).join(', ') + (pending.length > 5 ? `, and ${pending.length - 5} more` : '');
  const count = `${pending.length} migration${pending.length === 1 ? '' : 's'}`;
  return (
    `the store at ${label} was last migrated by an earlier version of hustings: ${count} of this version to apply (${shown}); this command applies none and changes nothing. ` +
    'Run `hustings migrate` to apply them (any command that writes, `hustings serve` and `hustings worker listen` apply them too when they open the store)'
  );
}
