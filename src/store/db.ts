import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, PostgresIntrospector, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../core/errors';

export type DialectName = 'sqlite' | 'postgres';

/** The largest value of an integer column in both stores (PostgreSQL's integer; SQLite would take more). */
export const MAX_INTEGER = 2_147_483_647;

/** Where the store lives: a PostgreSQL URL, or else an SQLite file. */
export interface StoreLocation {
  readonly databaseUrl?: string | undefined;
  readonly sqlitePath: string;
}

/** The shared database handle; each module narrows it to its own tables. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

/** Whether a handle (a store's, a transaction's, a migration's) is on PostgreSQL. */
export const isPostgres = (db: AnyDb): boolean => db.introspection instanceof PostgresIntrospector;

/** An open store. */
export interface Store {
  readonly db: AnyDb;
  readonly dialect: DialectName;
  /** Where the store is, for people: a file path, or the URL without its password. */
  readonly label: string;
  /**
   * The SQLite connection under `db`, for hot paths that run many statements inside one
   * synchronous transaction (Kysely compiles the SQL, better-sqlite3 runs it prepared).
   */
  readonly sqlite?: SQLite.Database;
  close(): Promise<void>;
}

// PostgreSQL returns BIGINT and COUNT(*) as strings; every such value here (epoch milliseconds,
// counts) is below 2^53, so numbers are exact and far easier to use.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    // libpq also takes secrets as parameters (?password=…, ?sslpassword=…).
    for (const name of [...u.searchParams.keys()]) if (/pass|secret|token/i.test(name)) u.searchParams.set(name, '***');
    return u.toString();
  } catch {
    return '(a database URL that cannot be read)';
  }
}

/** The scheme of a `--db` value that is a URL (`mysql` of mysql://…), not a file name; undefined for a file name. */
export function urlScheme(path: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(path)?.[1];
}

function openSqlite(path: string): Store {
  // A URL of another database is not a file name to create.
  const scheme = urlScheme(path);
  if (scheme) throw new ConfigError(`cannot open ${scheme}:// stores: expected a SQLite file or a postgres:// URL, found ${redactUrl(path)}`);
  let handle: SQLite.Database;
  try {
    handle = new SQLite(path);
  } catch (error) {
    throw new ConfigError(`cannot open SQLite store ${path}: ${(error as Error).message}`);
  }
  try {
    handle.pragma('journal_mode = WAL');
  } catch (error) {
    handle.close();
    // --db pointed at another file (an input, say): said so, with exit 2, and the file is left as it was.
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new ConfigError(`cannot open SQLite store ${path}: expected a SQLite database (or a path where one can be made), found another kind of file`);
    throw new ConfigError(`cannot open SQLite store ${path}: ${(error as Error).message}`);
  }
  // WAL with synchronous=NORMAL keeps every committed transaction across a process crash.
  handle.pragma('synchronous = NORMAL');
  handle.pragma('busy_timeout = 10000');
  handle.pragma('foreign_keys = ON');
  // Deleted content is overwritten, not left in free pages: an erased person leaves no trace in the file.
  handle.pragma('secure_delete = ON');
  const db = new Kysely({ dialect: new SqliteDialect({ database: handle }) });
  return { db, dialect: 'sqlite', label: path, sqlite: handle, close: () => db.destroy() };
}

async function openPostgres(url: string): Promise<Store> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(`DATABASE_URL: expected postgres://user:password@host:port/database, found ${redactUrl(url)}`);
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // A connection that the server drops (a restart, pg_terminate_backend) reports an 'error'
  // event: through the pool while it is idle there, on the client itself while it is checked out
  // (between the statements of a transaction). Unheard, either would end the process. The query
  // in flight fails and its caller retries; the pool discards the dead client, and the next
  // query opens a new connection.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new ConfigError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', label: redactUrl(url), close: () => db.destroy() };
}

/** Opens PostgreSQL when a URL is given, else the SQLite file (created if missing). */
export async function openStore(location: StoreLocation): Promise<Store> {
  return location.databaseUrl ? openPostgres(location.databaseUrl) : openSqlite(location.sqlitePath);
}
