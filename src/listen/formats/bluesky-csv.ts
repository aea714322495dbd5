import { z } from 'zod';
import { RecordError } from '../../core/errors';
import { parseTime } from '../text';
import { POST, post, postFields, uriToId } from './bluesky-records';
import type { FormatContext, Parsed } from './types';
import { describeUri, one, requireTime, validate } from './types';

/** A row of a CSV of Bluesky posts, as the Bluesky columns of csv.ts give it. */
const Row = z.object({
  uri: z.string(),
  user_did: z.string().startsWith('did:'),
  text: z.string(),
  created_at: z.string(),
  lang: z.string().optional(),
  reply_to_uri: z.string().optional(),
  quoted_uri: z.string().optional(),
  mentioned_user_dids: z.string().optional(),
  mentioned_user_handles: z.string().optional(),
});

/** A CSV row read with the Bluesky columns: it has a uri and an author DID, which generic rows never have. */
export function isBlueskyRow(record: Record<string, unknown>): boolean {
  return typeof record.uri === 'string' && 'user_did' in record;
}

/** Mention facets for the handles the row lists (twitwi: `a.bsky.social|b.bsky.social`), each with the DID listed in its place. */
function mentionFacets(text: string, handles: string | undefined, dids: string | undefined): unknown[] {
  const hs = handles ? handles.split('|') : [];
  const ds = dids ? dids.split('|') : [];
  if (hs.length !== ds.length) return [];
  const bytes = Buffer.from(text, 'utf8');
  return hs.flatMap((h, i) => {
    const mention = Buffer.from(`@${h}`, 'utf8');
    const start = bytes.indexOf(mention);
    return start < 0 ? [] : [{ index: { byteStart: start, byteEnd: start + mention.length }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: ds[i] }] }];
  });
}

/** A Bluesky post from a CSV row: the same id, author and links as the post read from the API or Jetstream. */
export function parseBlueskyRow(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const row = validate(Row, record, 'csv bluesky post');
  if (!row.uri.includes(`/${POST}/`)) throw new RecordError(`csv bluesky post: uri: expected an at://DID/${POST}/RKEY uri, found ${describeUri(row.uri)}`);
  const createdAt = requireTime(parseTime(row.created_at), row.created_at, 'created_at');
  const postRecord = {
    text: row.text,
    createdAt: new Date(createdAt).toISOString(),
    langs: row.lang ? [row.lang.split('|')[0]!] : undefined,
    reply: row.reply_to_uri ? { parent: { uri: row.reply_to_uri } } : undefined,
    embed: row.quoted_uri ? { $type: 'app.bsky.embed.record', record: { uri: row.quoted_uri } } : undefined,
    facets: mentionFacets(row.text, row.mentioned_user_handles, row.mentioned_user_dids),
  };
  return one({ ...post(postFields(ctx, row.user_did, uriToId(ctx, row.uri), postRecord, NaN)), format: 'csv' });
}
