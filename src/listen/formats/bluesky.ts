import { z } from 'zod';
import { RecordError } from '../../core/errors';
import { parseTime } from '../text';
import type { FormatContext, Parsed } from './types';
import { SKIP, isObject, one, requireTime, validate } from './types';
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

/** The post or repost a record created in a repo makes; any other collection, or operation, is skipped. */
function created(ctx: FormatContext, did: string, operation: string | undefined, collection: string, rkey: string, record: unknown, fallbackMs: number): Parsed {
  if (operation !== 'create' || (collection !== POST && collection !== REPOST)) return SKIP;
  if (collection === REPOST) {
    const r = validate(RepostRecord, record, 'bluesky repost record');
    const createdAt = requireTime(parseTime(r.createdAt), r.createdAt, 'record.createdAt');
    return one(repost(ctx, postId(ctx, did, rkey), did, createdAt, r.subject.uri));
  }
  return one(post(postFields(ctx, did, postId(ctx, did, rkey), record, fallbackMs)));
}

/** A Bluesky Jetstream event: posts and reposts are kept, every other event is skipped. */
function parseJetstream(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const e = validate(Event, record, 'bluesky event');
  const kind = e.kind ?? (e.type !== undefined ? (LEGACY_KINDS[e.type] ?? e.type) : undefined);
  if (kind === undefined) throw new RecordError('bluesky event: kind: missing');
  const c = e.commit;
  if (kind !== 'commit' || !c) return SKIP;
  const operation = c.operation ?? (c.type !== undefined ? LEGACY_OPERATIONS[c.type] : undefined);
  return created(ctx, e.did, operation, c.collection, c.rkey, c.record, e.time_us !== undefined ? Math.round(e.time_us / 1000) : NaN);
}

/**
 * An event of tap, Bluesky's sync tool (indigo's cmd/tap): a record event
 * `{id, type: "record", record: {did, collection, rkey, action, record}}`, or an identity event.
 */
const TapEvent = z.object({
  type: z.string(),
  record: z.object({ did: z.string().startsWith('did:'), collection: z.string(), rkey: z.string().min(1), action: z.string(), record: z.unknown().optional() }).optional(),
});

export function isTapEvent(r: Record<string, unknown>): boolean {
  if (typeof r.type !== 'string' || typeof r.id !== 'number') return false;
  const inner = r.record ?? r.identity;
  return isObject(inner) && typeof inner.did === 'string' && (r.type !== 'record' || 'collection' in inner);
}

function parseTap(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const e = validate(TapEvent, record, 'bluesky tap event');
  if (e.type !== 'record' || !e.record) return SKIP;
  const r = e.record;
  return created(ctx, r.did, r.action, r.collection, r.rkey, r.record, NaN);
}

/**
 * A Bluesky record: a Jetstream or tap event (posts and reposts kept, every other event skipped),
 * or a post as the API shows it (a postView, a feed item, a thread).
 */
export function parseBluesky(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  if (isTapEvent(record)) return parseTap(record, ctx);
  return parseBlueskyView(record, ctx) ?? parseJetstream(record, ctx);
}
