import type { Command } from 'commander';
import { InputError } from '../core/errors';
import { appendAudit } from '../contacts/audit';
import { assignList, createList, getList, listMembers } from '../contacts/lists';
import { parseWhere } from '../contacts/segments/definition';
import { contactsDb } from '../contacts/tables';
import type { Channel } from '../contacts/vocabulary';
import { cliActor, out, repeatable, withApp } from './context';
import { positiveInt } from './listen';
import { channelArg, purposeArg } from './contacts-args';
import { LIST_NEEDED } from './contacts-needs';

const ADMIN = { name: 'cli', role: 'admin' } as const;
/** `hustings contacts lists …`: lists handed to canvassers and callers, made through the gate. */
export function registerContactsLists(contacts: Command): void {
  const lists = contacts.command('lists').description("lists handed to people (a canvasser's walk list, a call list), made from a segment for one use");
  lists
    .command('make')
    .argument('<name>', 'name of the list')
    .option('--segment <name>', 'a saved segment')
    .option('--where <cond>', 'a condition (repeatable), as for segments', repeatable, [])
    .requiredOption('--purpose <p>', 'the purpose the people must have consented to', purposeArg)
    .requiredOption('--channel <c>', 'the channel (door for a walk list, phone for a call list)', channelArg)
    .option('--assign <user>', 'the user the list is for')
    .option('--days <n>', 'the list expires after n days', positiveInt)
    .action(async (name: string, f: { segment?: string; where: string[]; purpose: string; channel: Channel; assign?: string; days?: number }, command: Command) => {
      if (f.segment && f.where.length) throw new InputError('give --segment or --where, not both');
      const target = f.segment ? { segment: f.segment } : { condition: { all: f.where.map(parseWhere) } };
      const now = Date.now();
      const made = await withApp(command, (app) =>
        createList(app.store, { ...target, name, use: { purpose: f.purpose, channel: f.channel }, assignedTo: f.assign ?? null, expiresAt: f.days ? now + f.days * 86_400_000 : null, actor: ADMIN, now }),
      );
      out(`list ${made.list.id} "${name}": ${made.members} people who consented to ${f.purpose} by ${f.channel}${f.assign ? `, for ${f.assign}` : ''}`);
    });
  lists
    .command('show')
    .argument('<id>', 'list number', positiveInt)
    .option('--json', 'as JSON')
    .description('the people of a list who still pass its gate')
    .action(async (id: number, f: { json?: boolean }, command: Command) => {
      const [list, people] = await withApp(
        command,
        async (app) => {
          const db = contactsDb(app.store.db);
          const found = await Promise.all([getList(db, id), listMembers(db, id, { kind: 'all' })]);
          // Names handed out are a read of personal data, audited as the API's read of a list is.
          await appendAudit(app.store.db, app.store.dialect, { actor: cliActor(), action: 'contacts.list.read', subject: `list:${id}`, detail: { people: found[1].length } });
          return found;
        },
        { existing: true },
      );
      if (f.json) return out(JSON.stringify({ list, people }, null, 2));
      out(`list ${list.id} "${list.name}" (${list.use.purpose}/${list.use.channel}${list.assignedTo ? `, for ${list.assignedTo}` : ''}): ${people.length} people still reachable`);
    });
  lists
    .command('assign')
    .argument('<id>', 'list number', positiveInt)
    .argument('[user]', 'the user (none: unassigned)')
    .action(async (id: number, user: string | undefined, _f: unknown, command: Command) => {
      await withApp(command, (app) => assignList(app.store, id, user ?? null, ADMIN), { existing: LIST_NEEDED });
      out(`list ${id} ${user ? `assigned to ${user}` : 'unassigned'}`);
    });
}
