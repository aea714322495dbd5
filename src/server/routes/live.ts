import { streamSSE } from 'hono/streaming';
import { InputError } from '../../core/errors';
import type { LiveIntake } from '../../listen/live';
import type { ReportCache } from '../../listen/report/cache';
import type { Routes } from './define';
import { limitBody } from './input';

/** The largest batch one POST may carry. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** Live views get at most this many updates a second (a burst of batches is one update). */
const UPDATE_EVERY_MS = 250;
const HEARTBEAT_MS = 15_000;

/** The headline of a report: what a live counter shows. */
async function headline(reports: ReportCache, live: LiveIntake): Promise<object> {
  const r = await reports.report(live.question);
  return { question: r.question, posts: r.posts, decided: r.decided, share: r.share, ci95: r.ci95, averageStrength: r.averageStrength, version: live.version };
}

/** The routes that answer with a never-ending event stream: a stopping server ends them at once (serve.ts). */
export const EVENT_STREAM_PATHS: readonly string[] = ['/api/listen/stream'];

/** Live listening: posts in by POST, stored and classified at once; the updated headline out by Server-Sent Events. */
export function liveRoutes(routes: Routes, reports: ReportCache, live: LiveIntake): void {
  limitBody(routes.app, '/api/listen/posts', MAX_BATCH_BYTES, `a batch may hold at most ${MAX_BATCH_BYTES / 1024 / 1024} MB; send several`);
  routes.add(
    { method: 'post', path: '/api/listen/posts', summary: `store a batch of posts (JSON lines, a JSON array or CSV, in any ingest format; at most ${MAX_BATCH_BYTES / 1024 / 1024} MB), classified for the server's first question`, role: 'analyst' },
    async (c) => {
      const body = Buffer.from(await c.req.arrayBuffer());
      if (body.length === 0) throw new InputError('body: expected posts (JSON lines, a JSON array or CSV), found nothing');
      return c.json(await live.ingest(body));
    },
  );
  routes.add({ method: 'get', path: EVENT_STREAM_PATHS[0]!, summary: 'Server-Sent Events: the report headline of the first question now, then after every change (event "headline")', role: 'viewer' }, (c) =>
    streamSSE(c, async (stream) => {
      let pending = false;
      const send = async (): Promise<void> => {
        await stream.writeSSE({ event: 'headline', data: JSON.stringify(await headline(reports, live)) });
      };
      const onUpdated = (question: string): void => {
        if (pending || question !== live.question.id) return;
        pending = true;
        setTimeout(() => {
          pending = false;
          void send().catch(() => stream.abort());
        }, UPDATE_EVERY_MS);
      };
      reports.on('updated', onUpdated);
      stream.onAbort(() => {
        reports.off('updated', onUpdated);
      });
      await send();
      while (!stream.aborted && !stream.closed) {
        // An unref'd timer: a server told to stop does not wait out the heartbeat of a stream it ended.
        await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS).unref());
        if (!stream.aborted) await stream.write(': heartbeat\n\n');
      }
      reports.off('updated', onUpdated);
    }),
  );
}
