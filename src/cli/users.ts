import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { InputError, UsageError } from '../core/errors';
import { setUserAreas } from '../contacts/scope';
import { contactsDb } from '../contacts/tables';
import { ROLES, UserStore } from '../server';
import { note, out, storeNeeded, withApp } from './context';
import { positiveInt } from './listen';

/** token, revoke, link and areas change what a stored user has: where there is no store, there is no user. */
const USER_NEEDED = storeNeeded('this command acts on a stored user', 'users are added with `hustings users add NAME`');

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `hustings users add|list|token|tokens|revoke|link`: the people who may use the server, and their API tokens. */
export function registerUsers(program: Command): void {
  const users = program.command('users').description('users of `hustings serve`: add, list, API tokens (issue, list, revoke)');
  users
    .command('add')
    .description('add a user; prints a generated password once unless --password-stdin gives one')
    .argument('<name>', 'user name (lower case letters, digits, . _ -)')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
    .option('--password-stdin', 'read the password (at least 12 characters) from standard input')
    .action(async (name: string, flags: { role: string; passwordStdin?: boolean }, command: Command) => {
      const password = flags.passwordStdin ? await readStdin() : randomBytes(15).toString('base64url');
      await withApp(command, async (app) => {
        const user = await new UserStore(app.store).add(name, flags.role, password);
        note(`User ${user.name} added with the ${user.role} role.`);
        if (!flags.passwordStdin) out(`password: ${password}`);
      });
    });
  users
    .command('areas')
    .description("the areas (polling-station or district codes) an organiser sees in contacts; replaces the user's list")
    .argument('<name>', 'user name')
    .argument('[areas...]', 'area codes; none: the user sees no area')
    .action(async (name: string, areas: string[], _flags: unknown, command: Command) => {
      await withApp(command, async (app) => {
        if (!(await new UserStore(app.store).find(name))) throw new InputError(`no user named ${name}: create it with \`hustings users add ${name} --role organiser\``);
        await setUserAreas(contactsDb(app.store.db), name, areas);
        note(`${name} now sees ${areas.length ? areas.join(', ') : 'no area'}`);
      }, { existing: USER_NEEDED });
    });
  users
    .command('list')
    .description('list users and their roles')
    .action(async (_flags: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const all = await new UserStore(app.store).list();
        if (all.length === 0) note('No users yet: `hustings users add NAME --role admin`.');
        for (const u of all) out(`${u.name}\t${u.role}`);
      }, { existing: true });
    });
  users
    .command('token')
    .description('issue an API token for a user (shown once; send it as Authorization: Bearer TOKEN)')
    .argument('<name>', 'user name')
    .option('--label <label>', 'what the token is for', 'api')
    .option('--days <n>', 'the token ends after this many days (default: when revoked)', positiveInt)
    .action(async (name: string, flags: { label: string; days?: number }, command: Command) => {
      if (flags.label.length > 200) throw new InputError(`--label: expected at most 200 characters, found ${flags.label.length}`);
      if (flags.days !== undefined && flags.days > 3650) throw new InputError(`--days: expected at most 3650, found ${flags.days}`);
      const expiresAt = flags.days === undefined ? null : Date.now() + flags.days * 86_400_000;
      await withApp(command, async (app) => {
        out(await new UserStore(app.store).issueToken(name, flags.label, expiresAt));
        note(expiresAt === null ? `It works until revoked: \`hustings users revoke ${name} --token-stdin\`.` : `It ends ${new Date(expiresAt).toISOString()}.`);
      }, { existing: USER_NEEDED });
    });
  users
    .command('tokens')
    .description("list a user's API tokens (tab-separated: id, label, created, ends); the tokens themselves are never kept")
    .argument('<name>', 'user name')
    .action(async (name: string, _flags: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const list = await new UserStore(app.store).tokens(name);
        if (list.length === 0) note(`${name} has no API token.`);
        for (const t of list) out([t.id, t.label, new Date(t.createdAt).toISOString(), t.expiresAt === null ? 'until revoked' : new Date(t.expiresAt).toISOString()].join('\t'));
      }, { existing: true });
    });
  users
    .command('revoke')
    .description("revoke a user's API tokens: one by its id (`users tokens`), the token read from standard input, or all (their sessions end and their login links go too)")
    .argument('<name>', 'user name')
    .option('--id <id>', 'the token id as `hustings users tokens` lists it')
    .option('--token-stdin', 'read the token itself from standard input')
    .option('--all', "every token of the user, the user's sessions and unused login links")
    .action(async (name: string, flags: { id?: string; tokenStdin?: boolean; all?: boolean }, command: Command) => {
      const given = [flags.id !== undefined, flags.tokenStdin === true, flags.all === true].filter(Boolean).length;
      if (given !== 1) throw new UsageError('revoke: expected exactly one of --id ID, --token-stdin or --all');
      const token = flags.tokenStdin ? (await readStdin()).trim() : undefined;
      await withApp(command, async (app) => {
        const gone = await new UserStore(app.store).revoke(name, { id: flags.id, token, all: flags.all });
        note(`${gone} token${gone === 1 ? '' : 's'} of ${name} revoked${flags.all ? ', their sessions ended and login links withdrawn' : ''}.`);
      }, { existing: USER_NEEDED });
    });
  users
    .command('link')
    .description('print a one-time login link for a user (valid 15 minutes, one use) to open the dashboard without a password')
    .argument('<name>', 'user name')
    .option('--url <url>', 'where the server is reached', 'http://127.0.0.1:8080')
    .action(async (name: string, flags: { url: string }, command: Command) => {
      if (!/^https?:\/\/[^\s/]+$/.test(flags.url)) throw new InputError(`--url: expected the server's base URL such as http://127.0.0.1:8080, found ${JSON.stringify(flags.url)}`);
      await withApp(command, async (app) => out(`${flags.url}/login/link?token=${await new UserStore(app.store).issueLoginLink(name)}`), { existing: USER_NEEDED });
    });
}
