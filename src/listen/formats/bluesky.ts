import { z } from 'zod';
import { parseTime } from '../text';
import type { FormatContext, Parsed } from './types';
import { SKIP, one, requireTime, validate } from './types';
import { POST, REPOST, RepostRecord, post, postFields, postId, repost } from './bluesky-records';
import { parseBlueskyView } from './bluesky-views';

export { isBlueskyView } from './bluesky-views';

const Event = z.object({
  did: z.string().startsWith('did:'),
  time_us: z.number().optional(),
  kind: z.string(),
  commit: z.object({ operation: z.string(), collection: z.string(), rkey: z.string().min(1), record: z.unknown().optional() }).optional(),
});

/** A Bluesky Jetstream event: posts and reposts are kept, every other event is skipped. */
function parseJetstream(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const e = validate(Event, record, 'bluesky event');
  const c = e.commit;
  if (e.kind !== 'commit' || !c || c.operation !== 'create' || (c.collection !== POST && c.collection !== REPOST)) return SKIP;
  if (c.collection === REPOST) {
    const r = validate(RepostRecord, c.record, 'bluesky repost record');
    const createdAt = requireTime(parseTime(r.createdAt), r.createdAt, 'record.createdAt');
    return one(repost(ctx, postId(ctx, e.did, c.rkey), e.did, createdAt, r.subject.uri));
  }
  return one(post(postFields(ctx, e.did, postId(ctx, e.did, c.rkey), c.record, e.time_us !== undefined ? Math.round(e.time_us / 1000) : NaN)));
}

/**
 * A Bluesky record: a Jetstream event (posts and reposts kept, every other event skipped), or a
 * post as the API shows it (a postView, a feed item, a thread).
 */
export function parseBluesky(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  return parseBlueskyView(record, ctx) ?? parseJetstream(record, ctx);
}
