import type { Command } from 'commander';
import { keyState, missingKeyError } from '../app/key';
import type { Config } from '../core/config';
import { keyFilePath } from '../core/pseudonym';
import { PostStore } from '../listen';
import type { StreamStatus } from '../listen/stream';
import { connectChecked, streamConfig, streamStatus } from '../listen/stream';
import { note, out, withStore } from './context';
import { n } from './format';
import { redisUrl } from './redis-url';
import type { Store } from '../store';

type StoreStatus = { store: string; dialect: string; classified: Record<string, number> } & Awaited<ReturnType<PostStore['summary']>>;

interface StatusFlags {
  json?: boolean;
  redis?: string;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('what the store holds, and with --redis the scale-out pipeline: backlog, workers, dead letters, throughput')
    .option('--json', 'print as JSON: {store, dialect, posts, …, stream}')
    .option('--redis <url>', 'also show the Redis stream and its workers (default: $HUSTINGS_REDIS_URL)')
    .action(async (flags: StatusFlags, command: Command) => {
      // Read-only: no key is loaded, made or bound (what the store holds is read without one), and a
      // store with migrations to apply is not migrated but said to be (as one that is not there is).
      const { status, key } = await withStore(
        command,
        async (store, config) => {
          const posts = new PostStore(store);
          const status = { store: store.label, dialect: store.dialect, ...(await posts.summary()), classified: await posts.classified() };
          return { status, key: await keyProblem(store, config) };
        },
        { existing: true, migrate: false },
      );
      const url = redisUrl(flags.redis, false);
      // Redis away (an outage is when status is wanted most): the store is shown all the same, then the error.
      let failure: unknown = null;
      const stream = url ? await pipelineStatus(url).catch((error: unknown) => ((failure = error), null)) : null;
      const keyError = key instanceof Error ? key : null;
      if (flags.json) out(JSON.stringify({ ...status, stream, ...(failure ? { streamError: (failure as Error).message } : {}), ...(keyError ? { keyError: keyError.message } : {}) }));
      else printStore(status, stream);
      if (typeof key === 'string') note(key);
      // A key missing for a bound store, like Redis away, is said after what could be shown (both: Redis first, then the key).
      if (keyError && failure) note(`hustings: ${(failure as Error).message}`);
      if (keyError ?? failure) throw keyError ?? failure;
    });
}

/**
 * What status says of a missing pseudonym key, having made none: for a store bound to a key, the
 * error every command that opens it gives (exit 2, after the status); for one bound to none yet, a
 * note of where the next command will make one. Null when the key is there (a key that is not the
 * store's is refused at once, as by every command).
 */
async function keyProblem(store: Store, config: Config): Promise<Error | string | null> {
  const state = await keyState(store, config);
  if (state.present) return null;
  if (state.bound !== null) return missingKeyError(config, store.label, state.bound);
  return (
    `No pseudonym key yet: HUSTINGS_PSEUDONYM_KEY is not set and there is no ${keyFilePath(config.dataDir)}. status needs none and made none; ` +
    'the next command that opens this store makes one there and binds the store to it (set HUSTINGS_PSEUDONYM_KEY first where several machines must share one)'
  );
}

function printStore(status: StoreStatus, stream: StreamStatus | null): void {
  out(`Store: ${status.store} (${status.dialect})`);
  const range = status.firstPostAt ? ` from ${status.firstPostAt} to ${status.lastPostAt}` : '';
  out(`Posts: ${n(status.posts)} (reposts ${n(status.reposts)})${range}`);
  for (const [platform, count] of Object.entries(status.platforms)) out(`  ${platform}: ${n(count)}`);
  const questions = Object.entries(status.classified);
  out(questions.length ? `Classified: ${questions.map(([q, k]) => `${q} ${n(k)}`).join(', ')} (\`hustings listen report --store --question Q\`)` : 'Classified: none');
  if (stream) printStream(stream);
}

async function pipelineStatus(url: string): Promise<StreamStatus> {
  const config = streamConfig(url);
  const redis = await connectChecked(config, { failFast: true });
  try {
    return await streamStatus(redis, config);
  } finally {
    redis.disconnect();
  }
}

function ago(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

export function printStream(s: StreamStatus): void {
  out(`Stream: ${s.stream} at ${s.redis} · Redis memory ${n(Math.round(s.redisMemory / 1048576))} MB`);
  out(`  backlog: ${n(s.unprocessed)} entries unprocessed (~${n(s.postsQueued)} posts), ${n(s.length)} held · throughput ${n(s.throughput)} posts/s · producers live ${n(s.producers)}`);
  if (!s.group) out('  no consumer group yet (no producer or worker has run)');
  else {
    out(`  group ${s.group.name}: pending ${n(s.group.pending)} · lag ${s.group.lag === null ? 'unknown' : n(s.group.lag)} · last delivered ${s.group.lastDeliveredId}`);
    for (const c of s.group.consumers) out(`    ${c.name}: pending ${n(c.pending)} · idle ${n(Math.round(c.idleMs / 1000))} s`);
  }
  for (const w of s.workers) out(`  worker ${w.consumer} (${w.host} pid ${w.pid}, ${w.question}): ${w.state} · ${n(w.posts)} posts · ${n(w.rate)}/s · dead-lettered ${n(w.deadLettered)} · reported ${ago(w.at)}`);
  out(`  failing (to be tried again): ${n(s.failing)} · dead letters: ${n(s.deadLetters.total)}`);
  for (const d of s.deadLetters.latest) out(`    ${d.id} (entry ${d.entry}) after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'} (${d.at}): ${d.error}`);
}
