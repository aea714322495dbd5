import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../core/pseudonym';
import { formatContext, parseRecord } from '../formats';
import { accountPseudonym, parseHandleSpec } from './account';

const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 3));
const ctx = formatContext(pseudonymiser, 'generic');

function authorOf(record: Record<string, unknown>): string | null {
  return parseRecord(record, null, ctx).posts[0]!.author;
}

describe('accounts given by handle', () => {
  it('get the pseudonym that the formats give their posts', () => {
    expect(accountPseudonym(pseudonymiser, 'generic', '@Some_One')).toBe(authorOf({ id: '1', text: 't', created_at: 1_466_000_000, author_id: 'some_one' }));
    expect(accountPseudonym(pseudonymiser, 'twitter', '@Some_One')).toBe(authorOf({ id: '1', text: 't', created_at: 1_466_000_000, author_id: '@SOME_ONE', platform: 'twitter' }));
    const v1 = { id_str: '9', text: 'hello', created_at: 'Thu Jun 23 20:19:24 +0000 2016', user: { id_str: '12345', screen_name: 'x' } };
    expect(accountPseudonym(pseudonymiser, 'twitter', '12345')).toBe(authorOf(v1));
    const status = { id: '7', uri: 'https://mastodon.social/users/alice/statuses/7', created_at: '2024-01-01T00:00:00Z', content: '<p>hi</p>', visibility: 'public', account: { acct: 'Alice', url: 'https://mastodon.social/@Alice' } };
    expect(accountPseudonym(pseudonymiser, 'mastodon', '@alice@Mastodon.social')).toBe(authorOf(status));
    const did = 'did:plc:abcdefghijklmnop';
    const jetstream = { did, time_us: 1_700_000_000_000_000, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: 'r1', record: { $type: 'app.bsky.feed.post', text: 'hi', createdAt: '2024-01-01T00:00:00Z' } } };
    expect(accountPseudonym(pseudonymiser, 'bluesky', did)).toBe(authorOf(jetstream));
  });

  it('differ across platforms, and errors never repeat the handle', () => {
    expect(accountPseudonym(pseudonymiser, 'twitter', '@a')).not.toBe(accountPseudonym(pseudonymiser, 'bluesky', '@a'));
    expect(() => accountPseudonym(pseudonymiser, 'mastodon', '@secretname')).toThrow(/^handle: a Mastodon account is user@server/);
    expect(() => accountPseudonym(pseudonymiser, 'mastodon', '@secretname')).not.toThrow(/secretname/);
    expect(parseHandleSpec('twitter:@x')).toEqual({ platform: 'twitter', handle: '@x' });
    expect(() => parseHandleSpec('@secretname')).toThrow(/expected platform:@name/);
  });
});
