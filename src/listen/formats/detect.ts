import { isActivityStreams } from './activitypub';
import { isBlueskyView, isJetstreamEvent, isTapEvent } from './bluesky';
import { isMastodonStreamEvent } from './mastodon';
import { isSnscrapeRecord } from './snscrape';
import { isTwintRecord } from './twint';
import { isArchiveTweet, isTwitterV1Control } from './twitter-v1';
import { isTwitterV2EmptyPage } from './twitter-v2';
import type { FormatName } from './types';

/**
 * Which format a JSON record is in, from the keys that only that format has; null when none fits.
 * Cheap enough to run on every record, so files that mix formats are read correctly.
 */
export function detectRecordFormat(r: Record<string, unknown>): Exclude<FormatName, 'csv'> | null {
  if ('data' in r && typeof r.data === 'object' && r.data !== null) return 'twitter-v2';
  if (isJetstreamEvent(r) || isTapEvent(r) || isBlueskyView(r)) return 'bluesky';
  if (typeof r.account === 'object' && r.account !== null && typeof r.content === 'string') return 'mastodon';
  if (isMastodonStreamEvent(r) || isActivityStreams(r)) return 'mastodon';
  // Ahead of v1.1, whose keys they share: snscrape's tweets have a user (and may have id_str).
  if (isSnscrapeRecord(r)) return 'snscrape';
  if (isTwintRecord(r)) return 'twint';
  if (typeof r.user === 'object' && r.user !== null && ('id_str' in r || 'full_text' in r || 'text' in r)) return 'twitter-v1';
  if (isTwitterV1Control(r) || isArchiveTweet(r)) return 'twitter-v1';
  if (isTwitterV2EmptyPage(r)) return 'twitter-v2';
  // A v2 tweet alone: only v2 has edit_history_tweet_ids, conversation_id and twarc2's __twarc.
  if ('edit_history_tweet_ids' in r || ('author_id' in r && ('public_metrics' in r || 'conversation_id' in r || '__twarc' in r))) return 'twitter-v2';
  if ('id' in r && 'text' in r) return 'generic';
  return null;
}

export function describeKeys(r: Record<string, unknown>): string {
  const keys = Object.keys(r);
  const shown = keys.slice(0, 8).join(', ');
  return keys.length > 8 ? `${shown}, … (${keys.length} keys)` : shown || 'no keys';
}
