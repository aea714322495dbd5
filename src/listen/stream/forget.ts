import type { Redis } from 'ioredis';
import type { StreamConfig } from './config';
import { infoRow } from './fields';
import type { WorkerReport } from './report';

/**
 * How long a worker that is gone stays in `hustings status`: its consumer in the group (once it
 * holds no pending entry) and its last report. Workers are named host-pid by default, so each
 * restart adds a name; without forgetting, the status would list every worker that ever ran.
 */
export const FORGET_AFTER_MS = 60 * 60 * 1000;

/**
 * Deletes a consumer only if it holds no pending entry, in one step: DELCONSUMER drops the
 * consumer's pending entries from the group, and they would never be delivered again. Answers
 * 1 when deleted, 0 when the consumer holds entries (it read since it was looked at).
 */
const DELETE_IF_NOTHING_PENDING = `
if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) > 0 then return 0 end
redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
return 1`;

/**
 * Forgets the workers gone for `afterMs` or more: consumers of the group idle that long with no
 * pending entry (XGROUP DELCONSUMER then loses nothing: a live one would be made again by its
 * next read), and reports of workers stopped or silent that long. `self` is never forgotten.
 * Returns the names forgotten.
 */
export async function forgetGone(redis: Redis, config: StreamConfig, self: string, afterMs = FORGET_AFTER_MS, now = Date.now()): Promise<{ consumers: string[]; reports: string[] }> {
  const rows = (await redis.xinfo('CONSUMERS', config.stream, config.group)) as unknown[];
  const consumers: string[] = [];
  for (const row of rows) {
    const c = infoRow(row);
    const name = String(c.get('name'));
    if (name === self || Number(c.get('pending')) > 0 || !(Number(c.get('idle')) >= afterMs)) continue;
    if ((await redis.eval(DELETE_IF_NOTHING_PENDING, 1, config.stream, config.group, name)) !== 1) continue;
    consumers.push(name);
  }
  const reports: string[] = [];
  for (const [name, text] of Object.entries(await redis.hgetall(config.workers))) {
    if (name === self) continue;
    const report = JSON.parse(text) as WorkerReport;
    if (now - Date.parse(report.at) >= afterMs) {
      await redis.hdel(config.workers, name);
      reports.push(name);
    }
  }
  return { consumers, reports };
}
