import { z } from 'zod';
import { RecordError } from '../../core/errors';
import type { Post } from '../post';
import { anonymiseText, htmlToText, normaliseLang, parseTime } from '../text';
import type { Envelope } from './envelope';
import { parseEnvelope } from './envelope';
import { QUOTE_INLINE, originId } from './mastodon';
import type { FormatContext, Parsed } from './types';
import { SKIP, authorOf, describeUri, isObject, one, requireTime, validate } from './types';

/**
 * ActivityStreams as Mastodon writes it, read as Mastodon posts: an account archive's
 * `outbox.json` (an OrderedCollection of Create and Announce activities), a page of an outbox as
 * fetched from its URL (OrderedCollectionPage), and single activities or Notes. Posts get the ids,
 * authors and mentions the API reader (mastodon.ts) gives the same statuses.
 */

/** Kinds of collection whose items are read, each as a record of its own. */
const COLLECTIONS = new Set(['OrderedCollection', 'OrderedCollectionPage', 'Collection', 'CollectionPage']);
/** Objects read as posts: Mastodon writes statuses as Notes, polls as Questions. */
const NOTES = new Set(['Note', 'Question']);
/** Activities a Mastodon outbox or inbox holds; only Create, Update (an edit) and Announce (a boost) make posts. */
const ACTIVITIES = new Set(['Create', 'Update', 'Announce', 'Delete', 'Undo', 'Like', 'Follow', 'Accept', 'Reject', 'Add', 'Remove', 'Block', 'Flag', 'Move']);
/** The public collection, as JSON-LD may write it: a status addressed to it is public (to) or unlisted (cc). */
/** Actors, as an account archive's actor.json holds its owner: no post, skipped. */
const ACTORS = new Set(['Person', 'Service', 'Application', 'Group', 'Organization']);
const PUBLIC = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);

/** Whether a record is ActivityStreams: a type of it, and a JSON-LD context or an http(s) id. */
export function isActivityStreams(r: Record<string, unknown>): boolean {
  if (typeof r.type !== 'string' || !(COLLECTIONS.has(r.type) || NOTES.has(r.type) || ACTIVITIES.has(r.type) || ACTORS.has(r.type))) return false;
  return '@context' in r || (typeof r.id === 'string' && /^https?:\/\//i.test(r.id));
}

/** A link to an object or actor: its URL, or the object itself with its id. */
const Ref = z.union([z.string().min(1), z.object({ id: z.string().min(1) })]);
const Addressees = z.union([z.string(), z.array(z.unknown())]).nullish();
const Note = z.object({
  id: z.string().min(1),
  url: z.unknown().optional(),
  published: z.string().nullish(),
  attributedTo: Ref.nullish(),
  summary: z.string().nullish(),
  content: z.string(),
  contentMap: z.record(z.string(), z.unknown()).nullish(),
  inReplyTo: Ref.nullish(),
  tag: z.unknown().optional(),
  // A quote post: FEP-044f's `quote` (Mastodon 4.4), and the older names Misskey and Fedibird write.
  quote: z.string().nullish(),
  quoteUri: z.string().nullish(),
  _misskey_quote: z.string().nullish(),
  to: Addressees,
  cc: Addressees,
});
// The object whole (a Note), not only its id: it is read in turn.
const Activity = z.object({ id: z.string().min(1), type: z.string(), actor: Ref.nullish(), published: z.string().nullish(), object: z.union([z.string().min(1), z.looseObject({ id: z.string().min(1) })]).nullish(), to: Addressees, cc: Addressees });
type NoteFields = z.infer<typeof Note>;
type ActivityFields = z.infer<typeof Activity>;

const refUrl = (ref: z.infer<typeof Ref>): string => (typeof ref === 'string' ? ref : ref.id);

/**
 * The author key of an actor: "name@host" for https://host/users/NAME, as Mastodon (and Pleroma,
 * GoToSocial, Pixelfed) name actors, which is the full acct the API reader keys authors by. Any
 * other actor URL is keyed by itself (pseudonymised like any key, so never kept in clear).
 */
export function actorKey(url: string): string {
  const m = /^https?:\/\/([^/?#@]+)\/users\/([^/?#]+)\/?$/i.exec(url);
  return m ? `${m[2]!.toLowerCase()}@${m[1]!.toLowerCase()}` : url;
}

/** The id of the status a URL names, as the API reader forms it ("host/123"), or a RecordError naming the field. */
function statusId(url: string, what: string): string {
  try {
    return originId({ uri: url, url: null });
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    throw new RecordError(`${what}: expected an https URL ending in the status id, found ${describeUri(url)}`);
  }
}

function addressees(value: z.infer<typeof Addressees>): unknown[] {
  return value == null ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Public or unlisted (addressed to the public collection), as the API reader keeps; followers-only
 * and direct statuses are not. An object not addressed at all is not public either.
 */
function isPublic(a: { to?: z.infer<typeof Addressees>; cc?: z.infer<typeof Addressees> }): boolean {
  return [...addressees(a.to), ...addressees(a.cc)].some((x) => typeof x === 'string' && PUBLIC.has(x));
}

/** Mentioned accounts by what the text may call them ("alice", "alice@host"), each to its full acct. */
function mentionAccts(tag: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of Array.isArray(tag) ? tag : isObject(tag) ? [tag] : []) {
    if (!isObject(t) || t.type !== 'Mention') continue;
    const name = typeof t.name === 'string' ? t.name.replace(/^@/, '').toLowerCase() : '';
    const fromHref = typeof t.href === 'string' ? actorKey(t.href) : null;
    const full = name.includes('@') ? name : (fromHref ?? name);
    if (!full) continue;
    out.set(full, full);
    if (name) out.set(name, full);
    if (full.includes('@') && !full.includes('/')) out.set(full.slice(0, full.indexOf('@')), full);
  }
  return out;
}

/** The language of a `contentMap` of one language; null for none or several. */
function langOf(contentMap: NoteFields['contentMap']): string | null {
  const keys = contentMap ? Object.keys(contentMap) : [];
  return keys.length === 1 ? normaliseLang(keys[0]) : null;
}

const BASE = { platform: 'mastodon', placeName: null, placeCountry: null, userLocation: null, format: 'mastodon' } as const;

/** A Note (or Question) as a post; `activity`, the Create or Update that carries it, fills in what the Note leaves out. */
function notePost(value: unknown, activity: ActivityFields | null, ctx: FormatContext): Parsed {
  const n = validate(Note, value, 'activitypub note');
  // A Note carries its addressing as its activity does; one without, the activity's.
  if (!isPublic(n.to != null || n.cc != null ? n : (activity ?? n))) return SKIP;
  const actor = n.attributedTo ?? activity?.actor;
  if (!actor) throw new RecordError('activitypub note: attributedTo: missing');
  const published = n.published ?? activity?.published;
  if (!published) throw new RecordError('activitypub note: published: missing');
  const id = statusId(n.id, 'activitypub note: id');
  const quote = n.quote ?? n.quoteUri ?? n._misskey_quote;
  const body = htmlToText(quote ? n.content.replace(QUOTE_INLINE, '') : n.content);
  const accts = mentionAccts(n.tag);
  const post: Post = {
    ...BASE,
    id,
    createdAt: requireTime(parseTime(published), published, 'published'),
    text: anonymiseText(n.summary ? `${n.summary}\n\n${body}` : body, (h) => ctx.pseudonym('mastodon', accts.get(h) ?? h)),
    lang: langOf(n.contentMap),
    author: authorOf(ctx, 'mastodon', actorKey(refUrl(actor))),
    isRepost: false,
    repostOf: null,
    replyTo: n.inReplyTo ? statusId(refUrl(n.inReplyTo), 'activitypub note: inReplyTo') : null,
    quoteOf: quote ? statusId(quote, 'activitypub note: quote') : null,
  };
  return one(post);
}

/** A boost: its object is the boosted status's URL (or the status); kept without text, as a repost of it. */
function announcePost(a: ActivityFields, ctx: FormatContext): Parsed {
  if (!isPublic(a)) return SKIP;
  if (!a.actor) throw new RecordError('activitypub announce: actor: missing');
  if (!a.object) throw new RecordError('activitypub announce: object: missing');
  if (!a.published) throw new RecordError('activitypub announce: published: missing');
  return one({
    ...BASE,
    id: statusId(a.id, 'activitypub announce: id'),
    createdAt: requireTime(parseTime(a.published), a.published, 'published'),
    text: '',
    lang: null,
    author: authorOf(ctx, 'mastodon', actorKey(refUrl(a.actor))),
    isRepost: true,
    repostOf: statusId(refUrl(a.object), 'activitypub announce: object'),
    replyTo: null,
    quoteOf: null,
  });
}

/** An activity: Create and Update of a Note, and Announce, make posts; any other activity, or object, is skipped. */
function activityPosts(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const a = validate(Activity, record, `activitypub ${record.type}`);
  if (a.type === 'Announce') return announcePost(a, ctx);
  // An object given by its URL alone holds no text to read.
  if ((a.type === 'Create' || a.type === 'Update') && isObject(a.object) && NOTES.has(a.object.type as string)) return notePost(a.object, a, ctx);
  return SKIP;
}

/** The items of a collection (or of its first page, when that is embedded), or null when it lists none. */
function collectionItems(r: Record<string, unknown>): Envelope | null {
  for (const [owner, prefix] of [[r, ''], [r.first, 'first.']] as const) {
    if (!isObject(owner)) continue;
    for (const key of ['orderedItems', 'items']) if (Array.isArray(owner[key])) return { lists: [[`${prefix}${key}`, owner[key] as unknown[]]] };
  }
  return null;
}

/**
 * One item of a collection: an activity or a Note; objects of other types (an Article, a Person)
 * are skipped, and so are links (an archive's likes.json and bookmarks.json list the URLs of
 * others' statuses: the statuses themselves are not there).
 */
function itemPosts(item: unknown, ctx: FormatContext): Parsed {
  if (typeof item === 'string') return SKIP;
  if (!isObject(item)) throw new RecordError(`activitypub: expected an activity or a Note, found ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}`);
  if (typeof item.type !== 'string') throw new RecordError('activitypub: type: missing');
  if (NOTES.has(item.type)) return notePost(item, null, ctx);
  return ACTIVITIES.has(item.type) ? activityPosts(item, ctx) : SKIP;
}

/**
 * An ActivityStreams record (see `isActivityStreams`). A collection's items are each a record of
 * their own: a bad one is reported alone (`orderedItems[3]: …`), and the others are kept; a
 * collection that lists no items (an outbox's first document, which links to its pages) is skipped.
 */
export function parseActivityPub(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  if (COLLECTIONS.has(record.type as string)) {
    const items = collectionItems(record);
    return items ? parseEnvelope(items, (item) => itemPosts(item, ctx)) : SKIP;
  }
  return itemPosts(record, ctx);
}
