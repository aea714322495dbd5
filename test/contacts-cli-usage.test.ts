import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli';

/** A mistyped channel, purpose, basis or activity kind is a usage error (exit 2) naming the option, whatever the command. */
describe('contacts vocabulary on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-usage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cases: [string[], RegExp][] = [
    [['contacts', 'export', '--purpose', 'newsletter', '--channel', 'fax', '--out', join(dir, 'x.csv')], /option '--channel <channel>' argument 'fax' is invalid\. expected one of email, phone/],
    [['contacts', 'export', '--purpose', 'News letter', '--channel', 'email', '--out', join(dir, 'x.csv')], /option '--purpose <purpose>' argument 'News letter' is invalid\. expected a purpose such as newsletter/],
    [['contacts', 'object', '1', '--channel', 'email', '--channel', 'fax'], /option '--channel <c\.\.\.>' argument 'fax' is invalid/],
    [['contacts', 'activity', '1', '--kind', 'party'], /option '--kind <k>' argument 'party' is invalid\. expected one of contact, response/],
    [['contacts', 'import', join(dir, 'none.csv'), '--basis', 'vibes'], /option '--basis <basis>' argument 'vibes' is invalid\. expected one of consent/],
    [['contacts', 'lists', 'make', 'walk', '--where', 'tag=x', '--purpose', 'canvassing', '--channel', 'doors'], /option '--channel <c>' argument 'doors' is invalid/],
    [['contacts', 'segment', 'count', '--where', 'tag=x', '--purpose', 'newsletter', '--channel', 'e-mail'], /option '--channel <channel>' argument 'e-mail' is invalid/],
  ];
  it.each(cases)('%j', async (args, message) => {
    const r = await runCli(['--db', join(dir, 'c.db'), ...args], { env: { DATABASE_URL: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) } });
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });
});

/** Commands that read a store or act on people in it refuse a store that is not there (a mistyped --db), and make none. */
describe('contacts commands on a store that does not exist', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-nostore-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const commands: string[][] = [
    ['contacts', 'access', '1'],
    ['contacts', 'segment', 'count', '--where', 'tag=x'],
    ['contacts', 'segment', 'list'],
    ['contacts', 'review'],
    ['contacts', 'requests'],
    ['contacts', 'retention', '--dry-run'],
    ['contacts', 'retention', '--list'],
    ['contacts', 'gate'],
    ['contacts', 'lists', 'show', '1'],
    ['contacts', 'export', '--where', 'tag=x', '--purpose', 'newsletter', '--channel', 'email', '--out', join(dir, 'x.csv')],
  ];
  it.each(commands.map((c) => [c.slice(0, 3).join(' '), c] as const))('%s', async (_, args) => {
    const db = join(dir, 'typo.db');
    const r = await runCli(['--db', db, ...args], { env: { DATABASE_URL: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) } });
    expect(r.stderr).toContain(`no store at ${db}: this command reads one and makes none`);
    expect(r.code).toBe(3);
    expect(existsSync(db)).toBe(false);
  });
  // One that changes a person says so (test/cli-store-required.test.ts has every such command).
  it('contacts rectify', async () => {
    const db = join(dir, 'typo.db');
    const r = await runCli(['--db', db, 'contacts', 'rectify', '1', '--area', 'x'], { env: { DATABASE_URL: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) } });
    expect([r.code, r.stderr]).toEqual([3, expect.stringContaining(`no store at ${db}: contacts rectify acts on a stored person and makes no store`)]);
    expect(existsSync(db)).toBe(false);
  });
});

describe('contacts usage mistakes are usage errors (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-usage2-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cases: [string[], string][] = [
    [['contacts', 'consent', '1', '--purpose', 'newsletter', '--channel', 'email', '--how', 'phone', '--grant', '--withdraw'], 'say --grant or --withdraw (one of them)'],
    [['contacts', 'consent', '1', '--purpose', 'newsletter', '--channel', 'email', '--how', 'phone'], 'say --grant or --withdraw (one of them)'],
    [['contacts', 'consent', '1', '--purpose', 'newsletter', '--channel', 'email', '--how', 'phone', '--grant'], '--grant needs --notice VERSION'],
    [['contacts', 'retention', '--policy', '', '--keep-days', '10', '--from', 'collected'], '--policy: expected a name for the policy, found nothing'],
  ];
  it.each(cases)('%j', async (args, message) => {
    const r = await runCli(['--db', join(dir, 'c.db'), ...args], { env: { DATABASE_URL: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) } });
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
  });
});

describe('contacts lists on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-lists-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_URL: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) };
  const cli = (...args: string[]) => runCli(['--db', join(dir, 'l.db'), ...args], { env });

  it('refuses to hand a list to a user who does not exist, and audits each read of a list’s names', async () => {
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, 'first_name,last_name,street,postcode,city,consent_canvassing_door\nAnne,Door,1 rue A,29200,Brest,yes\nBruno,Door,2 rue B,29200,Brest,yes\n');
    // Only a stored admin imports (as over HTTP): --as names a user who must exist.
    const stranger = await cli('contacts', 'import', csv, '--basis', 'consent', '--notice', 'v1', '--as', 'ghost');
    expect([stranger.code, stranger.stderr]).toEqual([3, expect.stringContaining('--as ghost: no such user')]);
    expect((await cli('contacts', 'import', csv, '--basis', 'consent', '--notice', 'v1')).code).toBe(0);
    const ghost = await cli('contacts', 'lists', 'make', 'walk', '--where', 'volunteer=no', '--purpose', 'canvassing', '--channel', 'door', '--assign', 'ghost');
    expect([ghost.code, ghost.stderr]).toEqual([3, expect.stringContaining('found "ghost", who does not exist')]);
    expect((await cli('contacts', 'lists', 'make', 'walk', '--where', 'volunteer=no', '--purpose', 'canvassing', '--channel', 'door')).code).toBe(0);
    const shown = await cli('contacts', 'lists', 'show', '1', '--json');
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as { people: unknown[] }).people).toHaveLength(2);
    const audit = JSON.parse((await cli('audit', 'list', '--action', 'contacts.list.read', '--json')).stdout) as { subject: string; detail: { people: number } }[];
    expect(audit).toEqual([expect.objectContaining({ subject: 'list:1', detail: { people: 2 } })]);
  });
});
