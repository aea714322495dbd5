import { z } from 'zod';
import { RecordError } from '../../core/errors';
import type { Post } from '../post';
import { anonymiseText, normaliseLang, parseTime } from '../text';
import type { FormatContext } from './types';
import { authorOf, describeUri, mentionPseudonym, requireTime, validate } from './types';

/** What Bluesky's readers share: the post record, ids free of DIDs, and the posts they make. */
export const POST = 'app.bsky.feed.post';
export const REPOST = 'app.bsky.feed.repost';

const Ref = z.object({ uri: z.string() });
const Facet = z.object({
  index: z.object({ byteStart: z.number(), byteEnd: z.number() }),
  features: z.array(z.object({ $type: z.string(), did: z.string().optional() })),
});
const PostRecord = z.object({
  text: z.string(),
  createdAt: z.string(),
  // Left out, or null as some tools write an absent field.
  langs: z.array(z.string()).nullish(),
  reply: z.object({ parent: Ref }).nullish(),
  embed: z.object({ $type: z.string(), record: z.union([Ref, z.object({ record: Ref })]).nullish() }).nullish(),
  facets: z.array(Facet).nullish(),
});
export const RepostRecord = z.object({ subject: Ref, createdAt: z.string() });

/** Post id without the author's DID: the DID's pseudonym, then the record key. */
export function postId(ctx: FormatContext, did: string, rkey: string): string {
  return `${ctx.pseudonym('bluesky', did)}/${rkey}`;
}

/** Post id for an at:// URI (at://DID/app.bsky.feed.post/RKEY). */
export function uriToId(ctx: FormatContext, uri: string): string {
  const m = /^at:\/\/([^/]+)\/[^/]+\/([^/]+)$/.exec(uri);
  // The uri names its author (a DID or a handle): the message says what it is like, not what it holds.
  if (!m) throw new RecordError(`bluesky: expected an at://DID/COLLECTION/RKEY uri, found ${describeUri(uri)}`);
  return postId(ctx, m[1]!, m[2]!);
}

/** Handles mentioned in the text, mapped to the DIDs that the post's facets give for them. */
function mentionDids(text: string, facets: z.infer<typeof Facet>[] | null | undefined): Map<string, string> {
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

type PostFields = Pick<Post, 'id' | 'author' | 'createdAt' | 'text' | 'lang' | 'replyTo' | 'quoteOf'>;

/** The fields of the post record `id` written by `did`; a record without a usable createdAt takes `fallbackMs`. */
export function postFields(ctx: FormatContext, did: string, id: string, record: unknown, fallbackMs: number): PostFields {
  const r = validate(PostRecord, record, 'bluesky post record');
  const created = parseTime(r.createdAt);
  const dids = mentionDids(r.text, r.facets);
  const quote = quoted(r.embed);
  return {
    id,
    author: authorOf(ctx, 'bluesky', did),
    createdAt: requireTime(Number.isNaN(created) ? fallbackMs : created, r.createdAt, 'record.createdAt'),
    text: anonymiseText(r.text, mentionPseudonym(ctx, 'bluesky', dids)),
    lang: normaliseLang(r.langs?.[0]),
    replyTo: r.reply ? uriToId(ctx, r.reply.parent.uri) : null,
    quoteOf: quote ? uriToId(ctx, quote) : null,
  };
}

const NONE = { platform: 'bluesky', format: 'bluesky', placeName: null, placeCountry: null, userLocation: null } as const;

export function post(fields: PostFields): Post {
  return { ...NONE, ...fields, isRepost: false, repostOf: null };
}

export function repost(ctx: FormatContext, id: string, did: string, createdAt: number, subjectUri: string): Post {
  return { ...NONE, id, author: authorOf(ctx, 'bluesky', did), createdAt, text: '', lang: null, isRepost: true, repostOf: uriToId(ctx, subjectUri), replyTo: null, quoteOf: null };
}
