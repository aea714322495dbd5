import { existsSync } from 'node:fs';
import type { Config } from '../core/config';
import { ConfigError } from '../core/errors';
import { keyFilePath, loadOrCreateKey, Pseudonymiser, readKey } from '../core/pseudonym';
import type { Store } from '../store';
import { boundPseudonymKey, checkPseudonymKey, isMissingTable, openStore, redactUrl } from '../store';

/** Where a configuration's pseudonym key comes from, for messages. */
export function keySourceOf(config: Config): string {
  return config.pseudonymKey ? 'HUSTINGS_PSEUDONYM_KEY' : `${config.dataDir}/hustings.key`;
}

/**
 * The key, made where there is none only for a store bound to no key yet: for a store bound to one,
 * a new key would not match its pseudonyms (every later start would be refused for it), so its
 * absence is said instead.
 */
export function keyFor(store: Store, config: Config): Promise<{ key: Buffer; created: boolean }> {
  return keyUnlessBound(config, store.label, () => boundPseudonymKey(store.db));
}

/** The key there, or one made where the store (`label`) is bound to none (`bound`, asked only when no key is there). */
async function keyUnlessBound(config: Config, label: string, bound: () => Promise<string | null>): Promise<{ key: Buffer; created: boolean }> {
  const found = await readKey(config.dataDir, config.pseudonymKey);
  if (found) return { key: found, created: false };
  const fingerprint = await bound();
  if (fingerprint !== null) throw missingKeyError(config, label, fingerprint);
  return loadOrCreateKey(config.dataDir, config.pseudonymKey);
}

/** The pseudonym key is neither set nor in the data directory, and the store is bound to `fingerprint`. */
export function missingKeyError(config: Config, label: string, fingerprint: string): ConfigError {
  const path = keyFilePath(config.dataDir);
  return new ConfigError(
    `pseudonym key missing: the store at ${label} is bound to key ${fingerprint}, but HUSTINGS_PSEUDONYM_KEY is not set and there is no key file at ${path}; ` +
      'put that key back there, give it in HUSTINGS_PSEUDONYM_KEY, or point --data-dir (HUSTINGS_DATA_DIR) at the folder that holds it. No key was made: a new one would not match the stored pseudonyms',
  );
}

/**
 * The pseudonym key as a command that needs none sees it (status), loading and making nothing:
 * `present` (checked against the store: one bound to another key is refused, as by openApp), or
 * missing, with the key the store is bound to (null: none yet).
 */
export async function keyState(store: Store, config: Config): Promise<{ present: true } | { present: false; bound: string | null }> {
  const found = await readKey(config.dataDir, config.pseudonymKey);
  if (!found) return { present: false, bound: await boundPseudonymKey(store.db) };
  await checkPseudonymKey(store.db, new Pseudonymiser(found).fingerprint, keySourceOf(config));
  return { present: true };
}

/**
 * The fingerprint of the key a store is bound to, or null (bound to none, or no store yet), read
 * without migrating, binding or creating anything: one query.
 */
export async function storeKeyFingerprint(config: Config): Promise<string | null> {
  if (!config.databaseUrl && !existsSync(config.sqlitePath)) return null;
  const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    return await boundPseudonymKey(store.db);
  } catch (error) {
    // A store never opened by hustings has no metadata table yet: bound to no key.
    if (isMissingTable(error)) return null;
    throw error;
  } finally {
    await store.close();
  }
}

/**
 * The key of a command that checks it before it opens the store (a worker, against the stream's
 * entries): as openApp's, made where there is none only for a store bound to no key yet.
 */
export async function keyBeforeOpening(config: Config): Promise<Buffer> {
  const label = config.databaseUrl ? redactUrl(config.databaseUrl) : config.sqlitePath;
  return (await keyUnlessBound(config, label, () => storeKeyFingerprint(config))).key;
}
