import type { Command } from 'commander';
import { UsageError } from '../core/errors';
import { connectChecked, deadLetters, dropDead, explainWrongType, retryDead, streamConfig } from '../listen/stream';
import { out } from './context';
import { n } from './format';
import { redisUrl } from './redis-url';

interface DeadFlags {
  redis?: string;
  all?: boolean;
  json?: boolean;
}

/** The dead letters' ids a command acts on: those given, or all with --all (one or the other). */
function chosen(ids: string[], flags: DeadFlags): string[] | null {
  if (flags.all && ids.length > 0) throw new UsageError('give dead-letter ids or --all, not both');
  if (!flags.all && ids.length === 0) throw new UsageError('give the ids of the dead letters (see `hustings worker dead list`) or --all');
  return flags.all ? null : ids;
}

async function withStream<T>(flags: DeadFlags, fn: (r: Awaited<ReturnType<typeof connectChecked>>, c: ReturnType<typeof streamConfig>) => Promise<T>): Promise<T> {
  const config = streamConfig(redisUrl(flags.redis, true)!);
  const redis = await connectChecked(config, { failFast: true });
  try {
    return await fn(redis, config);
  } catch (error) {
    // The dead letters' stream taken by another program: named, as the workers and status name it.
    return await explainWrongType(redis, config, error);
  } finally {
    redis.disconnect();
  }
}

/** `hustings worker dead list|retry|drop`: what failed too often, sent back to the workers or removed. */
export function registerDead(worker: Command): void {
  const dead = worker.command('dead').description('entries that failed too often: list them, put them back on the stream, or remove them');
  const redisOption = ['--redis <url>', 'the stream (default: $HUSTINGS_REDIS_URL)'] as const;
  dead
    .command('list')
    .description('the dead letters, newest first, with their reason')
    .option(...redisOption)
    .option('--json', 'print as JSON: {total, latest: [{id, entry, attempts, error, at}]}')
    .action(async (flags: DeadFlags) => {
      const letters = await withStream(flags, (redis, config) => deadLetters(redis, config, 1000));
      if (flags.json) return out(JSON.stringify(letters));
      out(`Dead letters: ${n(letters.total)}${letters.total > letters.latest.length ? ` (newest ${n(letters.latest.length)} shown)` : ''}`);
      for (const d of letters.latest) out(`  ${d.id}  entry ${d.entry} after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'} (${d.at}): ${d.error}`);
    });
  const act = (name: string, description: string, run: typeof retryDead, done: string): void => {
    dead
      .command(name)
      .description(description)
      .argument('[ids...]', 'dead-letter ids (from `list`)')
      .option(...redisOption)
      .option('--all', 'every dead letter')
      .action(async (ids: string[], flags: DeadFlags) => {
        const count = await withStream(flags, (redis, config) => run(redis, config, chosen(ids, flags)));
        out(`${n(count)} dead letter${count === 1 ? '' : 's'} ${done}`);
      });
  };
  act('retry', 'put dead letters back on the stream (once the cause is fixed), as new entries', retryDead, 'back on the stream');
  act('drop', 'remove dead letters for good', dropDead, 'removed');
}
