import { z } from 'zod';
import { RecordError } from '../../core/errors';
import { parseTime } from '../text';
import type { FormatContext, Parsed } from './types';
import { SKIP, one, requireTime, validate } from './types';
import { POST, REPOST, RepostRecord, post, postFields, postId, repost } from './bluesky-records';
import { parseBlueskyView } from './bluesky-views';

export { isBlueskyView } from './bluesky-views';

/**
 * Jetstream before October 2024 named an event's kind `type` ("com", "id", "acc") and a commit's
 * operation `type` ("c", "u", "d"); events saved then carry only those.
 */
const LEGACY_KINDS: Record<string, string> = { com: 'commit', id: 'identity', acc: 'account' };
const LEGACY_OPERATIONS: Record<string, string> = { c: 'create', u: 'update', d: 'delete' };

const Commit = z.object({ operation: z.string().optional(), type: z.string().optional(), collection: z.string(), rkey: z.string().min(1), record: z.unknown().optional() });
const Event = z.object({
  did: z.string().startsWith('did:'),
  time_us: z.number().optional(),
  kind: z.string().optional(),
  type: z.string().optional(),
  commit: Commit.optional(),
});

/** A Jetstream event, current (`kind`) or as it was before October 2024 (`type`, with `time_us`). */
export function isJetstreamEvent(r: Record<string, unknown>): boolean {
  return typeof r.did === 'string' && ('kind' in r || (typeof r.type === 'string' && 'time_us' in r));
}

/** A Bluesky Jetstream event: posts and reposts are kept, every other event is skipped. */
function parseJetstream(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const e = validate(Event, record, 'bluesky event');
  const kind = e.kind ?? (e.type !== undefined ? (LEGACY_KINDS[e.type] ?? e.type) : undefined);
  if (kind === undefined) throw new RecordError('bluesky event: kind: missing');
  const c = e.commit;
  const operation = c?.operation ?? (c?.type !== undefined ? LEGACY_OPERATIONS[c.type] : undefined);
  if (kind !== 'commit' || !c || operation !== 'create' || (c.collection !== POST && c.collection !== REPOST)) return SKIP;
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
