import { Redis } from 'ioredis';
import pg from 'pg';
import type { StreamConfig } from '../../src/listen/stream';
import { groups } from '../../src/listen/stream/trim';
import type { ThrowawayRedis } from '../../test/support/redis-server';
import { redisServerPath, startThrowawayRedis } from '../../test/support/redis-server';

/** The PostgreSQL cluster the benchmark makes its databases in (one per run, dropped after). */
export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres:hustings-ci@127.0.0.1:5432/postgres';

/** Redis of the benchmark's own (test/support's throwaway server: append-only file, fsync always), and a client to watch it. */
export async function startRedis(): Promise<{ server: ThrowawayRedis; client: Redis }> {
  const bin = redisServerPath();
  if (!bin) throw new Error('redis-server is not installed (Debian package redis-server): the scale-out benchmark needs it');
  const server = await startThrowawayRedis(bin);
  const client = new Redis(server.url);
  return { server, client };
}

export interface RedisFigures {
  readonly usedMemory: number;
  /** Commands run so far, without INFO (which the benchmark itself sends). */
  readonly commands: number;
  readonly commandsByName: Record<string, number>;
  readonly cpuSeconds: number;
  readonly netInputBytes: number;
}

function field(info: string, name: string): number {
  return Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
}

export async function redisFigures(redis: Redis): Promise<RedisFigures> {
  const [memory, cpu, stats, commandstats] = await Promise.all([redis.info('memory'), redis.info('cpu'), redis.info('stats'), redis.info('commandstats')]);
  const commandsByName: Record<string, number> = {};
  for (const m of commandstats.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) if (m[1] !== 'info') commandsByName[m[1]!] = Number(m[2]);
  return {
    usedMemory: field(memory, 'used_memory'),
    commands: Object.values(commandsByName).reduce((a, b) => a + b, 0),
    commandsByName,
    cpuSeconds: field(cpu, 'used_cpu_sys') + field(cpu, 'used_cpu_user'),
    netInputBytes: field(stats, 'total_net_input_bytes'),
  };
}

/** Commands of each kind between two readings (those run at least once). */
export function commandsBetween(a: RedisFigures, b: RedisFigures): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, calls] of Object.entries(b.commandsByName)) if (calls > (a.commandsByName[name] ?? 0)) out[name] = calls - (a.commandsByName[name] ?? 0);
  return out;
}

/** The stream drained: every entry delivered to the workers' group and acknowledged. */
export async function drained(redis: Redis, config: StreamConfig): Promise<boolean> {
  const g = (await groups(redis, config).catch(() => [])).find((x) => x.name === config.group);
  return g !== undefined && g.pending === 0 && g.lag === 0;
}

/** Some entry has been delivered to the workers' group (the first worker has read). */
export async function groupStarted(redis: Redis, config: StreamConfig): Promise<boolean> {
  const g = (await groups(redis, config).catch(() => [])).find((x) => x.name === config.group);
  return g !== undefined && g.lastDeliveredId !== '0-0';
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the benchmark's cluster. */
export function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase(name: string): Promise<string> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The position in the write-ahead log (cluster-wide), bytes. */
export async function walBytes(): Promise<number> {
  return admin(async (c) => Number((await c.query<{ b: string }>(`SELECT pg_current_wal_lsn() - '0/0'::pg_lsn AS b`)).rows[0]!.b));
}

export interface StoreCounts {
  readonly posts: number;
  /** Sum of the rollups' posts over topic '' (every post once). */
  readonly rollupPosts: number;
  readonly classified: number;
  readonly databaseBytes: number;
  /** Deadlocks and rolled-back transactions in the database (workers retry those silently). */
  readonly deadlocks: number;
  readonly rollbacks: number;
}

/** What the store holds, counted from the tables themselves. */
export async function storeCounts(url: string, question: string): Promise<StoreCounts> {
  return admin(async (c) => {
    const one = async (q: string, params: unknown[] = []): Promise<number> => Number(Object.values((await c.query(q, params)).rows[0] as object)[0] ?? 0);
    return {
      posts: await one('SELECT count(*) FROM posts'),
      rollupPosts: await one(`SELECT coalesce(sum(posts), 0) FROM listen_rollups WHERE topic = '' AND question = $1`, [question]),
      classified: await one('SELECT count(*) FROM post_classes WHERE question = $1', [question]),
      databaseBytes: await one('SELECT pg_database_size(current_database())'),
      deadlocks: await one('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()'),
      rollbacks: await one('SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()'),
    };
  }, url);
}

/**
 * Rows inserted and updated per table (monthly partitions counted with their table), from
 * PostgreSQL's statistics: where a post's write cost goes (rollup upserts are updates).
 */
export async function tableWrites(url: string): Promise<Record<string, { inserted: number; updated: number }>> {
  return admin(async (c) => {
    const rows = (await c.query<{ t: string; ins: string; upd: string }>(`SELECT regexp_replace(relname, '_p\\d{4}_\\d{2}$', '') AS t, sum(n_tup_ins) AS ins, sum(n_tup_upd) AS upd FROM pg_stat_user_tables WHERE relname NOT LIKE 'hustings\\_%' GROUP BY 1 HAVING sum(n_tup_ins) + sum(n_tup_upd) > 0 ORDER BY 1`)).rows;
    return Object.fromEntries(rows.map((r) => [r.t, { inserted: Number(r.ins), updated: Number(r.upd) }]));
  }, url);
}

export async function versions(redis: Redis): Promise<{ postgres: string; redis: string }> {
  const postgres = await admin(async (c) => String((await c.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v));
  const redisVersion = /^redis_version:(\S+)/m.exec(await redis.info('server'))?.[1] ?? 'unknown';
  return { postgres: postgres.split(' on ')[0]!, redis: redisVersion };
}
