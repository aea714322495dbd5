import { RecordError } from '../../core/errors';
import { isActivityStreams, parseActivityPub } from './activitypub';
import { apiErrorOf } from './api-errors';
import { parseBluesky } from './bluesky';
import { isBlueskyRow, parseBlueskyRow } from './bluesky-csv';
import { describeKeys, detectRecordFormat } from './detect';
import { envelopeOf, parseEnvelope } from './envelope';
import { parseGeneric } from './generic';
import { storable } from './limits';
import { parseMastodon } from './mastodon';
import { parseSnscrape } from './snscrape';
import { parseTwitterV1 } from './twitter-v1';
import { parseTwitterV2 } from './twitter-v2';
import { isTwintRow, parseTwint } from './twint';
import type { FormatContext, FormatName, Parsed, RecordParser } from './types';

export { FORMAT_NAMES, formatContext } from './types';
export type { FormatContext, FormatName, Parsed } from './types';
export { detectRecordFormat } from './detect';
export { csvHeaderMapping, csvRowToRecord } from './csv';

const PARSERS: Record<Exclude<FormatName, 'csv'>, RecordParser> = {
  generic: (r, ctx) => parseGeneric(r, ctx),
  'twitter-v1': parseTwitterV1,
  'twitter-v2': parseTwitterV2,
  bluesky: parseBluesky,
  // ActivityStreams (an outbox, its pages, activities, Notes) is Mastodon's too: its posts are the API's statuses.
  mastodon: (r, ctx) => (isActivityStreams(r) ? parseActivityPub(r, ctx) : parseMastodon(r, ctx)),
  snscrape: parseSnscrape,
  twint: (r, ctx) => parseTwint(r, ctx),
};

const EXPECTED =
  'generic (id, text, created_at), twitter-v1 (id_str, user, text), twitter-v2 (data, includes), ' +
  'bluesky (did, kind, commit; or uri, author, record), mastodon (account, content), ' +
  'snscrape (_type, url, date, rawContent, user), twint (id, conversation_id, created_at, tweet)';

/**
 * Turns one parsed JSON value into posts. With `format` null the record's own keys decide; a
 * record that fits no format, or not the one named, is a RecordError that says what was found.
 * A response document that wraps lists of posts (`statuses`, `results`, `ancestors` and
 * `descendants`, `posts`, `feed`: see envelope.ts) gives the posts of its items, each read as a
 * record of its own. A CSV row is a generic record, or a Bluesky post where its columns say so.
 */
export function parseRecord(value: unknown, format: FormatName | null, ctx: FormatContext): Parsed {
  const record = objectOf(value);
  if (format === 'csv') return storable(csvRow(record, ctx));
  const envelope = envelopeOf(record);
  if (envelope) return storable(parseEnvelope(envelope, (item) => parseOne(objectOf(item), format, ctx)));
  return storable(parseOne(record, format, ctx));
}

/** A CSV row, as the columns of its header were read (see csv.ts): a Bluesky post, a twint tweet, or a generic post. */
function csvRow(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  if (isBlueskyRow(record)) return parseBlueskyRow(record, ctx);
  return isTwintRow(record) ? parseTwint(record, ctx, 'csv') : parseGeneric(record, ctx, 'csv');
}

function objectOf(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordError(`expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

function parseOne(record: Record<string, unknown>, format: Exclude<FormatName, 'csv'> | null, ctx: FormatContext): Parsed {
  const apiError = apiErrorOf(record);
  if (apiError !== null) throw new RecordError(`an API error response, not posts${apiError ? ` (${apiError})` : ''}`);
  const name = format ?? detectRecordFormat(record);
  if (name === null) {
    throw new RecordError(`unknown format: a JSON object with keys ${describeKeys(record)} matches none of ${EXPECTED}`);
  }
  return PARSERS[name](record, ctx);
}
