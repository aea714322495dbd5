import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { tempDir } from './support/corpus';

/**
 * Commands that need a store of a kind, or one that exists, say so instead of making one: a
 * worker without PostgreSQL, and the commands that only read, where no store is.
 */
describe('a store that is missing, or of the wrong kind, is refused and nothing is made', () => {
  // No database in the environment, and no key: a key file made would show too.
  const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_PSEUDONYM_KEY: '', HUSTINGS_DATA_DIR: '', HUSTINGS_REDIS_URL: '' };
  // Port 1 has no Redis: the refusal comes before any connection.
  const worker = ['worker', 'listen', '--redis', 'redis://127.0.0.1:1'];
  const expected = 'give --db postgres://USER:PASSWORD@HOST:PORT/DATABASE (or set DATABASE_URL), the PostgreSQL database that every worker and the server share';

  it('worker listen without a database, or with an SQLite file, is a usage error (exit 2) naming --db and postgres://', async () => {
    const cwd = tempDir();
    const cases: [string[], NodeJS.ProcessEnv, string][] = [
      [worker, {}, `hustings: no database given: a worker stores into PostgreSQL; ${expected}`],
      [['--db', 'store.db', ...worker], {}, `hustings: --db store.db: a worker stores into PostgreSQL, not an SQLite file; ${expected}`],
      [['--db', 'mysql://u:secret@h/db', ...worker], {}, `hustings: --db mysql://u:***@h/db: a worker stores into PostgreSQL only; ${expected}`],
      [worker, { HUSTINGS_DB: 'env.db' }, `hustings: HUSTINGS_DB names an SQLite file (env.db), but a worker stores into PostgreSQL; ${expected}`],
    ];
    for (const [args, extra, said] of cases) {
      const r = await runCli(args, { cwd, env: { ...env, ...extra } });
      expect([r.code, r.stderr.trim()]).toEqual([2, said]);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  // Every command that only reads a store (users list and the field listings made an empty store
  // and a key beside it until they were marked as such).
  const readers: string[][] = [
    ['status'],
    ['status', '--json'],
    ['listen', 'audience'],
    ['listen', 'watch', 'list'],
    ['listen', 'watch', 'show', 'brexit'],
    ['users', 'list'],
    ['users', 'tokens', 'alice'],
    ['field', 'areas', 'list'],
    ['field', 'campaign', 'list'],
    ['field', 'campaign', 'show', '1'],
    ['field', 'canvassers', 'list'],
    ['field', 'assignments', 'list', '--campaign', '1'],
    ['field', 'turfs', 'list', '--campaign', '1'],
    ['field', 'turfs', 'show', '1'],
    ['field', 'progress', '--campaign', '1'],
    ['field', 'answers', '--campaign', '1'],
    ['field', 'compare', '--campaign', '1', '--question', 'q', '--answer', 'yes', '--election', 'e', '--round', '1', '--option', 'x'],
    ['field', 'teams', '--campaign', '1'],
    ['contacts', 'segment', 'list'],
    ['contacts', 'segment', 'count', '--where', 'tag=x'],
    ['contacts', 'review', 'list'],
    ['contacts', 'imports', 'list'],
    ['contacts', 'requests', 'list'],
    ['contacts', 'retention'],
    ['contacts', 'retention', '--list'],
    ['contacts', 'gate'],
    ['audit', 'verify'],
    ['audit', 'list'],
  ];

  it('status and the other commands that only read a store say there is none at an SQLite path, and create nothing (exit 3)', async () => {
    // Two at a time, each in a folder of its own, so that a file made is laid at the right command.
    for (let i = 0; i < readers.length; i += 2) {
      await Promise.all(
        readers.slice(i, i + 2).map(async (args) => {
          const own = tempDir();
          const r = await runCli(args, { cwd: own, env });
          expect([r.code, r.stderr.trim()], args.join(' ')).toEqual([3, 'hustings: no store at ./hustings.db: this command reads one and makes none (check --db, or HUSTINGS_DB)']);
          expect(readdirSync(own), args.join(' ')).toEqual([]);
        }),
      );
    }
    const cwd = tempDir();
    const named = await runCli(['--db', 'nowhere/typo.db', 'status'], { cwd, env });
    expect([named.code, named.stderr.trim()]).toEqual([3, 'hustings: no store at nowhere/typo.db: this command reads one and makes none (check --db, or HUSTINGS_DB)']);
    // Another database's URL is no SQLite path: said so, without its password.
    const mysql = await runCli(['--db', 'mysql://u:secret@127.0.0.1/x', 'status'], { cwd, env });
    expect([mysql.code, mysql.stderr.trim()]).toEqual([2, 'hustings: cannot open mysql:// stores: expected a SQLite file or a postgres:// URL, found mysql://u:***@127.0.0.1/x']);
    expect(readdirSync(cwd)).toEqual([]);
  }, 120_000);

  const PEOPLE_COME_IN = "people come in through `hustings contacts import FILE` and the server's sign-up form";

  // Commands that write, but only into what a store holds: they say what they need, and make nothing
  // (users token|revoke|link|areas made an empty store and a key, then said "no user named alice").
  const writers: [string[], string][] = [
    [['users', 'token', 'alice'], 'this command acts on a stored user and makes no store (check --db, or HUSTINGS_DB; users are added with `hustings users add NAME`)'],
    [['users', 'revoke', 'alice', '--all'], 'this command acts on a stored user and makes no store (check --db, or HUSTINGS_DB; users are added with `hustings users add NAME`)'],
    [['users', 'link', 'alice'], 'this command acts on a stored user and makes no store (check --db, or HUSTINGS_DB; users are added with `hustings users add NAME`)'],
    [['users', 'areas', 'alice', '34-1'], 'this command acts on a stored user and makes no store (check --db, or HUSTINGS_DB; users are added with `hustings users add NAME`)'],
    [['listen', 'watch', 'scan', 'brexit'], 'listen watch scan matches the stored posts against a stored watchlist and makes no store (check --db, or HUSTINGS_DB; watchlists are made with `hustings listen watch add ID`)'],
    [['listen', 'watch', 'remove', 'brexit'], 'listen watch remove acts on a stored watchlist and makes no store (check --db, or HUSTINGS_DB; watchlists are made with `hustings listen watch add ID`)'],
    [
      ['field', 'teams', '--campaign', '1', '--apply'],
      'field teams --apply hands out the turfs of a stored campaign to its canvassers and makes no store (check --db, or HUSTINGS_DB; ' +
        'first import the doors and make the campaign, its turfs and canvassers: `hustings field addresses import`, `field areas auto`, `field campaign create`, `field turfs cut`, `field canvassers set`)',
    ],
    // The contacts commands that change a stored person, item, request, list or segment said "this
    // command reads one and makes none" until each said what it acts on.
    ...(
      [
        ['consent', '1', '--purpose', 'newsletter', '--channel', 'email', '--withdraw', '--how', 'letter'],
        ['activity', '1', '--kind', 'note', '--detail', 'x'],
        ['erase', '1', '--yes'],
        ['object', '1'],
        ['rectify', '1', '--family-name', 'Le Goff'],
      ].map((args): [string[], string] => [
        ['contacts', ...args],
        `contacts ${args[0]} acts on a stored person and makes no store (check --db, or HUSTINGS_DB; ${PEOPLE_COME_IN})`,
      ])
    ),
    ...(['merge', 'keep', 'dismiss'].map((decision): [string[], string] => [
      ['contacts', 'review', decision, '1'],
      `contacts review ${decision} resolves an item of a stored review queue and makes no store (check --db, or HUSTINGS_DB; imports and sign-ups fill the queue: ${PEOPLE_COME_IN})`,
    ])),
    [
      ['contacts', 'requests', 'close', '1'],
      'contacts requests close acts on a logged request and makes no store (check --db, or HUSTINGS_DB; requests are logged with `hustings contacts requests open KIND`)',
    ],
    [
      ['contacts', 'lists', 'assign', '1', 'paul'],
      'contacts lists assign acts on a stored list and makes no store (check --db, or HUSTINGS_DB; lists are made with `hustings contacts lists make NAME`)',
    ],
    [
      ['contacts', 'segment', 'delete', 'volunteers'],
      'contacts segment delete acts on a saved segment and makes no store (check --db, or HUSTINGS_DB; segments are saved with `hustings contacts segment save NAME`)',
    ],
    [
      ['contacts', 'retention', '--run'],
      `contacts retention --run erases the stored people past its policies and makes no store (check --db, or HUSTINGS_DB; ${PEOPLE_COME_IN}, policies are added with \`hustings contacts retention --policy NAME\`)`,
    ],
    [
      ['contacts', 'gate', '--repair'],
      `contacts gate --repair rebuilds the consent gate's table of a store and makes no store (check --db, or HUSTINGS_DB; ${PEOPLE_COME_IN})`,
    ],
    [
      ['audit', 'seal', '--as-found'],
      'audit seal seals the audit log of a store and makes no store (check --db, or HUSTINGS_DB; the log is written by the commands that change what a store holds, such as `hustings contacts import FILE`)',
    ],
  ];

  it('commands that change only what a store holds say what they need where there is none, and create nothing (exit 3)', async () => {
    for (let i = 0; i < writers.length; i += 2) {
      await Promise.all(
        writers.slice(i, i + 2).map(async ([args, said]) => {
          const own = tempDir();
          const r = await runCli(args, { cwd: own, env });
          expect([r.code, r.stderr.trim()], args.join(' ')).toEqual([3, `hustings: no store at ./hustings.db: ${said}`]);
          expect(readdirSync(own), args.join(' ')).toEqual([]);
        }),
      );
    }
    // A mistyped --db is named as such.
    const cwd = tempDir();
    const named = await runCli(['--db', 'nowhere/typo.db', 'users', 'token', 'alice'], { cwd, env });
    expect([named.code, named.stderr.trim()]).toEqual([3, `hustings: no store at nowhere/typo.db: ${writers[0]![1]}`]);
    expect(readdirSync(cwd)).toEqual([]);
  }, 120_000);

  it('commands that write still make the store where there is none', async () => {
    const cwd = tempDir();
    const r = await runCli(['users', 'add', 'alice'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(['hustings.db', 'hustings.key']);
  });
});
