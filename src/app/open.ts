import type { Config } from '../core/config';
import { loadOrCreateKey, Pseudonymiser } from '../core/pseudonym';
import { bindSealKey, SEAL_PURPOSE } from '../contacts/audit';
import { contactsMigrations } from '../contacts/migrations';
import { electionsMigrations } from '../elections';
import { fieldMigrations } from '../field/migrations';
import { listenMigrations } from '../listen';
import { watchMigrations } from '../listen/watch';
import { serverMigrations } from '../server/migrations';
import type { ModuleMigrations, Store } from '../store';
import { bindPseudonymKey, coreMigrations, migrate, openStore } from '../store';

/** Every module's migrations, in the order modules are built on each other. */
export const MIGRATIONS: readonly ModuleMigrations[] = [coreMigrations, listenMigrations, watchMigrations, serverMigrations, electionsMigrations, contactsMigrations, fieldMigrations];

/** An open, migrated store with the pseudonymiser bound to it. */
export interface App {
  readonly config: Config;
  readonly store: Store;
  readonly pseudonymiser: Pseudonymiser;
  /** True when this run created the pseudonym key. */
  readonly keyCreated: boolean;
  close(): Promise<void>;
}

/** Opens the store, applies pending migrations, and loads (or creates) the pseudonym key. */
export async function openApp(config: Config): Promise<App> {
  const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    await migrate(store.db, MIGRATIONS, store.dialect);
    const { key, created } = await loadOrCreateKey(config.dataDir, config.pseudonymKey);
    const pseudonymiser = new Pseudonymiser(key);
    const keySource = config.pseudonymKey ? 'HUSTINGS_PSEUDONYM_KEY' : `${config.dataDir}/hustings.key`;
    await bindPseudonymKey(store.db, pseudonymiser.fingerprint, keySource);
    bindSealKey(store.db, pseudonymiser.derive(SEAL_PURPOSE));
    return { config, store, pseudonymiser, keyCreated: created, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
