import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInput } from '../core/input';
import type { FormatContext } from './formats';
import { parseRecord } from './formats';
import { parseChunk } from './parse-chunk';
import { readItems } from './read-items';
import type { RawItem } from './read-items';

const dir = mkdtempSync(join(tmpdir(), 'hustings-sse-'));
const ctx: FormatContext = { pseudonym: (platform, value) => `<${platform}:${value}>`, platform: 'generic' };

/** A status as the streaming API sends it (REST API JSON, with the account's profile). */
function streamedStatus(statusId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: statusId,
    created_at: '2024-11-05T20:15:00.000Z',
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: 'en',
    uri: `https://mastodon.example/users/SecretAlice/statuses/${statusId}`,
    url: `https://mastodon.example/@SecretAlice/${statusId}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    edited_at: null,
    content: '<p>Polls open at seven <a href="https://mastodon.example/tags/ge2024" class="mention hashtag" rel="tag">#<span>ge2024</span></a></p>',
    reblog: null,
    account: {
      id: '109302',
      username: 'SecretAlice',
      acct: 'SecretAlice',
      display_name: 'Alice Secret',
      note: '<p>Campaigner</p>',
      url: 'https://mastodon.example/@SecretAlice',
      avatar: 'https://files.mastodon.example/accounts/avatars/109/302/original/a.png',
      followers_count: 12,
      following_count: 30,
      statuses_count: 400,
      fields: [],
    },
    media_attachments: [],
    mentions: [],
    tags: [{ name: 'ge2024', url: 'https://mastodon.example/tags/ge2024' }],
    emojis: [],
    card: null,
    poll: null,
    ...over,
  };
}

const notification = { id: '42', type: 'favourite', created_at: '2024-11-05T20:16:00.000Z', account: { acct: 'SecretBob@other.example' }, status: streamedStatus('113434000000000001') };

/** What `curl -N https://mastodon.example/api/v1/streaming/public` writes: the connection's ":)", events, heartbeats. */
const CAPTURE = [
  ':)',
  'event: update',
  `data: ${JSON.stringify(streamedStatus('113434000000000001'))}`,
  '',
  ':thump',
  'event: delete',
  'data: 113433999999999999',
  '',
  'event: status.update',
  `data: ${JSON.stringify(streamedStatus('113434000000000001', { content: '<p>Polls open at 7am</p>', edited_at: '2024-11-05T20:17:00.000Z' }))}`,
  '',
  'event: update',
  `data: ${JSON.stringify(streamedStatus('113434000000000002')).slice(0, 80)}`,
  '',
  'event: notification',
  `data: ${JSON.stringify(notification)}`,
  '',
  ':thump',
  'event: update',
  `data: ${JSON.stringify(streamedStatus('113434000000000003', { visibility: 'unlisted', in_reply_to_id: '113434000000000001' }))}`,
  '',
  '',
].join('\n');

async function read(text: string): Promise<{ container: string; items: RawItem[] }> {
  const file = join(dir, `capture${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, text);
  const { container, items } = await readItems(await openInput(file), { format: null });
  const all: RawItem[] = [];
  for await (const batch of items) all.push(...batch);
  return { container, items: all };
}

describe('a capture of the Mastodon streaming API (server-sent events)', () => {
  it('reads the status of each update and status.update event; a delete or a notification is a record skipped; comments are nothing', async () => {
    const { container, items } = await read(CAPTURE);
    expect(container).toBe('sse');
    const result = parseChunk(items, null, ctx);
    expect(result.posts.map((p) => [p.id, p.text, p.replyTo])).toEqual([
      ['mastodon.example/113434000000000001', 'Polls open at seven #ge2024', null],
      ['mastodon.example/113434000000000001', 'Polls open at 7am', null],
      ['mastodon.example/113434000000000003', 'Polls open at seven #ge2024', 'mastodon.example/113434000000000001'],
    ]);
    expect(result.posts[0]).toEqual(parseRecord(streamedStatus('113434000000000001'), 'mastodon', ctx).posts[0]);
    // The cut-off status is one bad record, on the line of its data.
    expect(result.rejects.map((r) => [r.line, r.error])).toEqual([[13, expect.stringMatching(/^truncated JSON/)]]);
    expect(result).toMatchObject({ read: 6, skipped: 2 });
  });

  it('reads CRLF line ends, a byte-order mark, data split over lines, and an event cut off at the end of the file', async () => {
    const status = JSON.stringify(streamedStatus('113434000000000001'), null, 1).split('\n');
    const text = `\ufeff:)\r\n\r\nevent: update\r\n${status.map((l) => `data:${l}`).join('\r\n')}\r\n\r\nevent: update\r\ndata: ${JSON.stringify(streamedStatus('113434000000000002'))}`;
    const result = parseChunk((await read(text)).items, null, ctx);
    expect(result.posts.map((p) => p.id)).toEqual(['mastodon.example/113434000000000001', 'mastodon.example/113434000000000002']);
    expect(result.rejects).toEqual([]);
  });

  it('reports a line that is no part of an event stream with its number, without quoting it, and reads on', async () => {
    const text = `:)\nevent: update\ndata: ${JSON.stringify(streamedStatus('113434000000000001'))}\n\nSecretAlice wrote this\nevent: update\ndata: ${JSON.stringify(streamedStatus('113434000000000002'))}\n`;
    const result = parseChunk((await read(text)).items, null, ctx);
    expect(result.posts).toHaveLength(2);
    expect(result.rejects.map((r) => [r.line, r.error])).toEqual([[5, `expected a server-sent event's line (event:, data:, id:, retry: or a ":" comment), found a line of 22 characters`]]);
  });

  it('holds no records in a capture of heartbeats alone, and takes an event without a name as no status', async () => {
    expect(parseChunk((await read(':)\n:thump\n\n:thump\n')).items, null, ctx)).toMatchObject({ posts: [], rejects: [], read: 0 });
    expect(parseChunk((await read(`data: ${JSON.stringify(streamedStatus('1'))}\n\n`)).items, null, ctx)).toMatchObject({ posts: [], rejects: [], read: 1, skipped: 1 });
  });

  it('leaves JSON lines and CSV to their own readers', async () => {
    expect((await read(`${JSON.stringify({ event: 'update', payload: JSON.stringify(streamedStatus('1')) })}\n`)).container).toBe('jsonl');
    expect((await read('id,text,created_at\n1,data: x,2024-11-05\n')).container).toBe('csv');
  });
});
