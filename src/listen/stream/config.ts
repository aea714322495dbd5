import { ConfigError } from '../../core/errors';

/** Where the listening stream lives in Redis, and its bounds. */
export interface StreamConfig {
  /** The Redis URL without the `stream` parameter (redis://host:port/db). */
  readonly redisUrl: string;
  /** The URL for people: no password. */
  readonly label: string;
  /** The Redis database number of the URL's path (0 when it names none). */
  readonly db: number;
  /** The stream of posts (entries of up to `entryPosts` posts each). */
  readonly stream: string;
  /** The consumer group every worker joins. */
  readonly group: string;
  /** Entries that failed `maxAttempts` times, with the reason. */
  readonly deadLetters: string;
  /** Producer checkpoints (one field per input file), written with the entries they cover. */
  readonly checkpoints: string;
  /** Each worker's last report (posts processed, rate), for `hustings status`. */
  readonly workers: string;
  /** The last error of each entry that failed, until it is processed or dead-lettered. */
  readonly errors: string;
  /** Posts appended and not yet acknowledged or dead-lettered: the backlog the producers' bound is about, in posts (entries vary in size). */
  readonly queued: string;
  /** Producers live now (sorted set: name → last appended or waited, Redis time, ms); see producers.ts. */
  readonly producers: string;
  /** Channel on which workers announce what they committed (the live dashboard listens). */
  readonly committed: string;
}

export const DEFAULT_STREAM = 'hustings:listen';

/**
 * Reads `redis://[user:password@]host:port[/db][?stream=name]`. The stream name (default
 * hustings:listen) prefixes every key, so that several pipelines can share one Redis.
 */
export function streamConfig(url: string): StreamConfig {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(`Redis URL: expected redis://host:port[/db][?stream=name], found "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new ConfigError(`Redis URL: expected redis:// or rediss://, found "${u.protocol}//" in ${redact(u)}`);
  }
  // A mistyped pipeline name must not quietly join another pipeline: stream= empty or given twice is refused.
  const given = u.searchParams.getAll('stream');
  if (given.length > 1) throw new ConfigError(`Redis URL: stream= is given ${given.length} times (${given.map((g) => JSON.stringify(g)).join(', ')}); give it once`);
  if (given.length === 1 && given[0] === '') throw new ConfigError(`Redis URL: stream= is empty; give the pipeline's name (stream=NAME), or leave stream= out for the default (${DEFAULT_STREAM})`);
  const prefix = given[0] ?? DEFAULT_STREAM;
  if (!/^[\w:.-]{1,100}$/.test(prefix)) throw new ConfigError(`Redis URL: stream name must be letters, digits, ":", ".", "_" or "-", found "${prefix}"`);
  u.searchParams.delete('stream');
  const unknown = [...u.searchParams.keys()];
  if (unknown.length) throw new ConfigError(`Redis URL: the only parameter is stream=NAME (the database goes in the path, /0 to /15), found ${unknown.map((k) => JSON.stringify(k)).join(', ')} in ${redact(u)}`);
  const path = decodeURIComponent(u.pathname.slice(1));
  if (path !== '' && !/^\d{1,5}$/.test(path)) throw new ConfigError(`Redis URL: expected a database number after the port (/0, /1, …), found "/${path}" in ${redact(u)}`);
  return {
    redisUrl: u.toString(),
    label: redact(u),
    db: path === '' ? 0 : Number(path),
    stream: `${prefix}:posts`,
    group: 'workers',
    deadLetters: `${prefix}:dead`,
    checkpoints: `${prefix}:checkpoints`,
    workers: `${prefix}:workers`,
    errors: `${prefix}:errors`,
    committed: `${prefix}:committed`,
    queued: `${prefix}:queued`,
    producers: `${prefix}:producers`,
  };
}

function redact(u: URL): string {
  const c = new URL(u.toString());
  if (c.password) c.password = '***';
  return c.toString();
}
