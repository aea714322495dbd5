import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { tempDir } from './support/corpus';

const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_PSEUDONYM_KEY: '', HUSTINGS_DATA_DIR: '' };
const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const ALICE = 'https://mastodon.example/users/SecretAlice';
/** What must never reach the store: the account names, and the actor and profile URLs that carry them. */
const PERSONAL = ['secretalice', 'secretbob', 'secretcarol', '/users/', '/@'];

function note(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const html = '<p><span class="h-card" translate="no"><a href="https://other.example/@SecretBob" class="u-url mention">@<span>SecretBob</span></a></span> no to the third runway</p>';
  return {
    id: `${ALICE}/statuses/${id}`, type: 'Note', summary: null, inReplyTo: `https://mastodon.example/users/SecretCarol/statuses/113433000000000009`, published: '2024-11-05T20:15:00Z',
    url: `https://mastodon.example/@SecretAlice/${id}`, attributedTo: ALICE, to: [AS_PUBLIC], cc: [`${ALICE}/followers`], sensitive: false, content: html, contentMap: { en: html }, attachment: [],
    tag: [{ type: 'Mention', href: 'https://other.example/users/SecretBob', name: '@SecretBob@other.example' }], ...over,
  };
}
const create = (n: Record<string, unknown>): Record<string, unknown> => ({ id: `${n.id as string}/activity`, type: 'Create', actor: ALICE, published: n.published, to: n.to, cc: n.cc, object: n });

/** An archive's outbox.json, on one line as Mastodon writes it: a post, a boost, a direct message, and a bad item. */
const OUTBOX = JSON.stringify({
  '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
  id: 'outbox.json',
  type: 'OrderedCollection',
  totalItems: 4,
  orderedItems: [
    create(note('113434000000000001')),
    { id: `${ALICE}/statuses/113434000000000002/activity`, type: 'Announce', actor: ALICE, published: '2024-11-05T21:00:00Z', to: [AS_PUBLIC], cc: [`${ALICE}/followers`], object: 'https://other.example/users/SecretBob/statuses/113400000000000777' },
    create(note('113434000000000003', { to: ['https://other.example/users/SecretBob'], cc: [] })),
    create(note('113434000000000004', { published: 'soon' })),
  ],
});

function status(id: string): string {
  return JSON.stringify({
    id, created_at: '2024-11-05T20:15:00.000Z', in_reply_to_id: null, spoiler_text: '', visibility: 'public', language: 'en',
    uri: `https://other.example/users/SecretBob/statuses/${id}`, url: `https://other.example/@SecretBob/${id}`,
    content: '<p><span class="h-card"><a href="https://mastodon.example/@SecretAlice" class="u-url mention">@<span>SecretAlice</span></a></span> agreed</p>',
    account: { id: '7', username: 'SecretBob', acct: 'SecretBob@other.example', display_name: 'Bob Secret', url: 'https://other.example/@SecretBob', avatar: 'https://other.example/a.png' },
    mentions: [{ id: '109302', username: 'SecretAlice', acct: 'SecretAlice@mastodon.example', url: 'https://mastodon.example/@SecretAlice' }],
  });
}

/** `curl -N https://mastodon.example/api/v1/streaming/public` saved: two statuses, a delete, a heartbeat, a cut-off event. */
const CAPTURE = `:)\nevent: update\ndata: ${status('113500000000000001')}\n\n:thump\nevent: delete\ndata: 113433999999999999\n\nevent: update\ndata: ${status('113500000000000002')}\n\nevent: update\ndata: ${status('113500000000000003').slice(0, 60)}\n`;

/** The store's files as text: the database and any write-ahead log left beside it. */
function storeText(dir: string): string {
  return ['hustings.db', 'hustings.db-wal'].filter((f) => existsSync(join(dir, f))).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n').toLowerCase();
}

describe('listen ingest of Mastodon files: an archive outbox and a streaming capture', () => {
  it('stores their posts in a fresh SQLite store with no account name or actor URL in it, and reports the bad items with their lines', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'outbox.json'), OUTBOX);
    writeFileSync(join(dir, 'public.sse'), CAPTURE);
    const r = await runCli(['listen', 'ingest', 'outbox.json', 'public.sse', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { read: number; stored: number; bad: number; skipped: number; badShown: { file: string; line: number; error: string }[] };
    expect(summary).toMatchObject({ read: 8, stored: 4, bad: 2, skipped: 2 });
    // Each bad item alone: the outbox's fourth item (the document is line 1), and the cut-off status on the line of its data.
    expect(summary.badShown).toEqual([
      { file: 'outbox.json', line: 1, error: expect.stringMatching(/^orderedItems\[3\]: published: expected an ISO 8601 date/) },
      { file: 'public.sse', line: 13, error: expect.stringMatching(/^truncated JSON/) },
    ]);
    const status = await runCli(['status', '--json'], { cwd: dir, env });
    expect(JSON.parse(status.stdout)).toMatchObject({ posts: 4, platforms: { mastodon: 4 } });
    const text = storeText(dir);
    expect(text).toContain('no to the third runway');
    for (const personal of PERSONAL) expect(text, personal).not.toContain(personal);
  });
});
