import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { InputError } from '../core/errors';
import { setUserAreas } from '../contacts/scope';
import { contactsDb } from '../contacts/tables';
import { ROLES, UserStore } from '../server';
import { note, out, withApp } from './context';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `hustings users add|list|token|link`: the people who may use the server, and their API tokens. */
export function registerUsers(program: Command): void {
  const users = program.command('users').description('users of `hustings serve`: add, list, API tokens');
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
      });
    });
  users
    .command('list')
    .description('list users and their roles')
    .action(async (_flags: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const all = await new UserStore(app.store).list();
        if (all.length === 0) note('No users yet: `hustings users add NAME --role admin`.');
        for (const u of all) out(`${u.name}\t${u.role}`);
      });
    });
  users
    .command('token')
    .description('issue an API token for a user (shown once; send it as Authorization: Bearer TOKEN)')
    .argument('<name>', 'user name')
    .option('--label <label>', 'what the token is for', 'api')
    .action(async (name: string, flags: { label: string }, command: Command) => {
      if (flags.label.length > 200) throw new InputError(`--label: expected at most 200 characters, found ${flags.label.length}`);
      await withApp(command, async (app) => out(await new UserStore(app.store).issueToken(name, flags.label)));
    });
  users
    .command('link')
    .description('print a one-time login link for a user (valid 15 minutes, one use) to open the dashboard without a password')
    .argument('<name>', 'user name')
    .option('--url <url>', 'where the server is reached', 'http://127.0.0.1:8080')
    .action(async (name: string, flags: { url: string }, command: Command) => {
      if (!/^https?:\/\/[^\s/]+$/.test(flags.url)) throw new InputError(`--url: expected the server's base URL such as http://127.0.0.1:8080, found ${JSON.stringify(flags.url)}`);
      await withApp(command, async (app) => out(`${flags.url}/login/link?token=${await new UserStore(app.store).issueLoginLink(name)}`));
    });
}
