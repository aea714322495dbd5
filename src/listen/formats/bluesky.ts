import { z } from 'zod';
import { RecordError } from '../../core/errors';
import { anonymiseText, normaliseLang, parseTime } from '../text';
import type { FormatContext, Parsed } from './types';
import { SKIP, authorOf, describeUri, one, requireTime, validate } from './types';

const POST = 'app.bsky.feed.post';
const REPOST = 'app.bsky.feed.repost';

const Event = z.object({
  did: z.string().startsWith('did:'),
  time_us: z.number().optional(),
  kind: z.string(),
  commit: z.object({ operation: z.string(), collection: z.string(), rkey: z.string().min(1), record: z.unknown().optional() }).optional(),
});

const Ref = z.object({ uri: z.string() });
const Facet = z.object({
  index: z.object({ byteStart: z.number(), byteEnd: z.number() }),
  features: z.array(z.object({ $type: z.string(), did: z.string().optional() })),
});
const PostRecord = z.object({
  text: z.string(),
  createdAt: z.string(),
  langs: z.array(z.string()).optional(),
  reply: z.object({ parent: Ref }).optional(),
  embed: z.object({ $type: z.string(), record: z.union([Ref, z.object({ record: Ref })]).optional() }).optional(),
  facets: z.array(Facet).optional(),
});
const RepostRecord = z.object({ subject: Ref, createdAt: z.string() });

/** Post id without the author's DID: the DID's pseudonym, then the record key. */
function postId(ctx: FormatContext, did: string, rkey: string): string {
  return `${ctx.pseudonym('bluesky', did)}/${rkey}`;
}

/** Post id for an at:// URI (at://DID/app.bsky.feed.post/RKEY). */
function uriToId(ctx: FormatContext, uri: string): string {
  const m = /^at:\/\/([^/]+)\/[^/]+\/([^/]+)$/.exec(uri);
  // The uri names its author (a DID or a handle): the message says what it is like, not what it holds.
  if (!m) throw new RecordError(`bluesky: expected an at://DID/COLLECTION/RKEY uri, found ${describeUri(uri)}`);
  return postId(ctx, m[1]!, m[2]!);
}

/** Handles mentioned in the text, mapped to the DIDs that the post's facets give for them. */
function mentionDids(text: string, facets: z.infer<typeof Facet>[] | undefined): Map<string, string> {
  const dids = new Map<string, string>();
  if (!facets) return dids;
  const bytes = Buffer.from(text, 'utf8');
  for (const f of facets) {
    const did = f.features.find((x) => x.$type === 'app.bsky.richtext.facet#mention')?.did;
    if (!did) continue;
    const handle = bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8').replace(/^@/, '');
    dids.set(handle.toLowerCase(), did);
  }
  return dids;
}

function quoted(embed: z.infer<typeof PostRecord>['embed']): string | null {
  const r = embed?.record;
  if (!r) return null;
  return 'uri' in r ? r.uri : r.record.uri;
}

/** A Bluesky Jetstream event: posts and reposts are kept, every other event is skipped. */
export function parseBluesky(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const e = validate(Event, record, 'bluesky event');
  const c = e.commit;
  if (e.kind !== 'commit' || !c || c.operation !== 'create' || (c.collection !== POST && c.collection !== REPOST)) return SKIP;
  const base = { platform: 'bluesky', id: postId(ctx, e.did, c.rkey), author: authorOf(ctx, 'bluesky', e.did), format: 'bluesky' };
  const none = { placeName: null, placeCountry: null, userLocation: null, quoteOf: null, replyTo: null };
  if (c.collection === REPOST) {
    const r = validate(RepostRecord, c.record, 'bluesky repost record');
    const createdAt = requireTime(parseTime(r.createdAt), r.createdAt, 'record.createdAt');
    return one({ ...base, ...none, createdAt, text: '', lang: null, isRepost: true, repostOf: uriToId(ctx, r.subject.uri) });
  }
  const r = validate(PostRecord, c.record, 'bluesky post record');
  const fallback = e.time_us !== undefined ? Math.round(e.time_us / 1000) : NaN;
  const created = parseTime(r.createdAt);
  const dids = mentionDids(r.text, r.facets);
  const quote = quoted(r.embed);
  return one({
    ...base,
    ...none,
    createdAt: requireTime(Number.isNaN(created) ? fallback : created, r.createdAt, 'record.createdAt'),
    text: anonymiseText(r.text, (h) => ctx.pseudonym('bluesky', dids.get(h) ?? `handle:${h}`)),
    lang: normaliseLang(r.langs?.[0]),
    isRepost: false,
    repostOf: null,
    replyTo: r.reply ? uriToId(ctx, r.reply.parent.uri) : null,
    quoteOf: quote ? uriToId(ctx, quote) : null,
  });
}
