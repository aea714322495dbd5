import { UsageError } from '../core/errors';

/** The Redis URL of a command: `--redis`, else HUSTINGS_REDIS_URL. */
export function redisUrl(flag: string | undefined, required: boolean): string | null {
  const url = flag ?? process.env.HUSTINGS_REDIS_URL ?? null;
  if (!url && required) throw new UsageError('no Redis: give --redis redis://HOST:PORT or set HUSTINGS_REDIS_URL');
  return url;
}
