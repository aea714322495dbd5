import { dirname, resolve } from 'node:path';

/** Where data lives and how it is protected, from flags first, then the environment. */
export interface Config {
  /** PostgreSQL URL; when set, the store is PostgreSQL. */
  readonly databaseUrl: string | undefined;
  /** SQLite file used when no PostgreSQL URL is given. */
  readonly sqlitePath: string;
  /** Folder for the pseudonym key (and later other local state). */
  readonly dataDir: string;
  /** Pseudonym key given directly (hex or base64), instead of the key file. */
  readonly pseudonymKey: string | undefined;
}

export interface ConfigFlags {
  /** `--db`: an SQLite path or a postgres:// URL. */
  readonly db?: string | undefined;
  readonly dataDir?: string | undefined;
}

export const DEFAULT_SQLITE_PATH = './hustings.db';

function isPostgresUrl(value: string | undefined): value is string {
  return value !== undefined && /^postgres(ql)?:\/\//.test(value);
}

/**
 * `--db` wins over the environment; a postgres:// value means PostgreSQL. Otherwise
 * DATABASE_URL selects PostgreSQL, and HUSTINGS_DB (default ./hustings.db) names the SQLite file.
 */
export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const explicit = flags.db ?? undefined;
  const databaseUrl = explicit !== undefined ? (isPostgresUrl(explicit) ? explicit : undefined) : env.DATABASE_URL || undefined;
  const sqlitePath = explicit !== undefined && !isPostgresUrl(explicit) ? explicit : env.HUSTINGS_DB || DEFAULT_SQLITE_PATH;
  const dataDir = flags.dataDir ?? (env.HUSTINGS_DATA_DIR || undefined) ?? (databaseUrl ? process.cwd() : dirname(resolve(sqlitePath)));
  return { databaseUrl, sqlitePath, dataDir, pseudonymKey: env.HUSTINGS_PSEUDONYM_KEY || undefined };
}
