import { mkdtempSync, rmSync } from 'node:fs';
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
