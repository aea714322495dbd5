import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from './errors';

export const KEY_FILE = 'hustings.key';
const KEY_BYTES = 32;
const PSEUDONYM_HEX = 16;
/** What a pseudonym looks like: 16 lower-case hex digits (64 bits). */
export const PSEUDONYM_PATTERN = /^[0-9a-f]{16}$/;
const CACHE_LIMIT = 200_000;

/**
 * Keyed pseudonyms (HMAC-SHA-256, truncated to 64 bits). The same key and input always give the
 * same pseudonym, so posts by one author can be grouped and counted, while nobody without the key
 * can go back from a pseudonym to the account, nor test a guess against it.
 */
export class Pseudonymiser {
  /** Per namespace, value → pseudonym: a bounded cache (lookups need no string building). */
  private readonly cache = new Map<string, Map<string, string>>();
  private cached = 0;

  constructor(private readonly key: Buffer) {
    if (key.length < 16) throw new ConfigError(`pseudonym key is ${key.length} bytes; at least 16 are needed`);
  }

  /** Pseudonym of `value` within `namespace` (a platform: the same handle on two platforms differs). */
  pseudonym(namespace: string, value: string): string {
    let space = this.cache.get(namespace);
    const hit = space?.get(value);
    if (hit !== undefined) return hit;
    const out = createHmac('sha256', this.key).update(`${namespace}\u0000${value}`).digest().toString('hex', 0, PSEUDONYM_HEX / 2);
    // Authors repeat a lot; a bounded cache saves most HMACs while keeping memory flat.
    if (this.cached >= CACHE_LIMIT) {
      this.cache.clear();
      this.cached = 0;
      space = undefined;
    }
    if (!space) this.cache.set(namespace, (space = new Map()));
    space.set(value, out);
    this.cached++;
    return out;
  }

  /** A key for another use (the audit log's seal), derived from this one: knowing it tells nothing of this key. */
  derive(purpose: string): Buffer {
    // HKDF (RFC 5869), not an HMAC of the key over the purpose: that would be a pseudonym too, of namespace and value alike.
    return Buffer.from(hkdfSync('sha256', this.key, 'hustings', purpose, 32));
  }

  /** The key as hex, for worker threads of this process that must make the same pseudonyms. */
  exportKey(): string {
    return this.key.toString('hex');
  }

  /** Identifies the key without revealing it, so a store can refuse pseudonyms made with another key. */
  get fingerprint(): string {
    return createHmac('sha256', this.key).update('hustings key fingerprint').digest('hex').slice(0, 16);
  }
}

/** Parses a key given as hex (64 chars) or base64. */
export function parseKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]+$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length < 16) {
    throw new ConfigError(`${where}: expected a pseudonym key of at least 16 bytes (hex or base64), found ${key.length} bytes`);
  }
  return key;
}

/** Where the key file of a data directory is. */
export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE);
}

/**
 * The key from `HUSTINGS_PSEUDONYM_KEY` if set, else from `<dataDir>/hustings.key`; null when
 * neither is there. Creates nothing.
 */
export async function readKey(dataDir: string, envKey?: string): Promise<Buffer | null> {
  if (envKey) return parseKey(envKey, 'HUSTINGS_PSEUDONYM_KEY');
  const path = keyFilePath(dataDir);
  try {
    return parseKey(await readFile(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The key from `HUSTINGS_PSEUDONYM_KEY` if set, else from `<dataDir>/hustings.key`, created (mode
 * 0600) on first use.
 */
export async function loadOrCreateKey(dataDir: string, envKey?: string): Promise<{ key: Buffer; created: boolean }> {
  const found = await readKey(dataDir, envKey);
  if (found) return { key: found, created: false };
  const path = keyFilePath(dataDir);
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  try {
    await writeFile(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKey(dataDir);
    throw error;
  }
  await chmod(path, 0o600);
  return { key, created: true };
}
