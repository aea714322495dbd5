import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../core/errors';
import type { App, OpenOptions } from '../app/open';
import { openApp, openReadyStore } from '../app/open';
import type { Config } from '../core/config';
import { resolveConfig } from '../core/config';
import type { Store } from '../store';
import { urlScheme } from '../store';
import { loadOrCreateKey, Pseudonymiser } from '../core/pseudonym';

export interface GlobalFlags {
  db?: string;
  dataDir?: string;
}

/**
 * What a command that needs a store says where there is none: given what to check (`check --db, or
 * HUSTINGS_DB`), the rest of the line after `no store at PATH: `.
 */
export type MissingStore = (check: string) => string;

/** The default for a command that only reads a store. */
const READS: MissingStore = (check) => `this command reads one and makes none (${check})`;

/**
 * The message of a command that changes only what a store holds: what it acts on (`contacts erase
 * acts on a stored person`), that it makes no store, what to check, and how such data comes to be.
 */
export function storeNeeded(acts: string, comesFrom: string): MissingStore {
  return (check) => `${acts} and makes no store (${check}; ${comesFrom})`;
}

/**
 * Opens the app with the program's global flags, runs `fn`, and always closes the store. `existing`:
 * the command needs a store that is there (it only reads one, or changes only what one holds), and
 * refuses an SQLite path or a PostgreSQL database where there is none instead of making one; `true`
 * says it only reads, a function says what else it needs.
 */
export async function withApp<T>(command: Command, fn: (app: App) => Promise<T>, options: { existing?: true | MissingStore } & OpenOptions = {}): Promise<T> {
  const { config, missing } = storeConfig(command, options.existing);
  const app = await openApp(config, { bindKey: options.bindKey, migrate: options.migrate, missing });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/**
 * As withApp, for a command that needs no pseudonym key (`status`): `fn` is given the store alone,
 * with no key loaded, made or bound, and the configuration, to look at the key itself.
 */
export async function withStore<T>(
  command: Command,
  fn: (store: Store, config: Config) => Promise<T>,
  options: { existing?: true | MissingStore } & Pick<OpenOptions, 'migrate'> = {},
): Promise<T> {
  const { config, missing } = storeConfig(command, options.existing);
  const store = await openReadyStore(config, { migrate: options.migrate, missing });
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

/** The configuration of the program's global flags, and the error of a store found missing, for a command that needs one (see withApp). */
function storeConfig(command: Command, existing: true | MissingStore | undefined): { config: Config; missing?: (label: string) => Error } {
  const flags = command.optsWithGlobals<GlobalFlags>();
  const config = resolveConfig({ db: flags.db, dataDir: flags.dataDir });
  // A command that needs a store must not make a new, empty one where --db was mistyped (a URL of
  // another database is no file name: opening it says so, without its password).
  const why = existing === true ? READS : existing;
  if (!why) return { config };
  const check = config.databaseUrl ? 'check --db, or DATABASE_URL' : 'check --db, or HUSTINGS_DB';
  if (!config.databaseUrl && !urlScheme(config.sqlitePath) && !existsSync(config.sqlitePath)) {
    throw new InputError(`no store at ${config.sqlitePath}: ${why(check)}`, config.sqlitePath);
  }
  // Nor make one in a database that holds none (an empty PostgreSQL database, an SQLite file without hustings's tables).
  return { config, missing: (label) => new InputError(`no store at ${label}: ${why(check)}`) };
}

/** Writes a line to standard output (results) — messages and progress go to standard error. */
export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** The actor a command line user is recorded as, in the audit log and sources: `cli:` and the login name. */
export function cliActor(): string {
  return `cli:${process.env.USER ?? 'unknown'}`;
}

/** Commander's collector for an option given several times (`--where a --where b`). */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The pseudonymiser of the configured data directory, for commands that read files without the store. */
export async function pseudonymiserFor(command: Command): Promise<Pseudonymiser> {
  const flags = command.optsWithGlobals<GlobalFlags>();
  const config = resolveConfig({ db: flags.db, dataDir: flags.dataDir });
  return new Pseudonymiser((await loadOrCreateKey(config.dataDir, config.pseudonymKey)).key);
}
