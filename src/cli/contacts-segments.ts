import type { Command } from 'commander';
import { InputError, UsageError } from '../core/errors';
import { readJsonFile } from '../core/input';
import type { Channel } from '../contacts/vocabulary';
import type { Use } from '../contacts/gate';
import type { Condition } from '../contacts/segments/definition';
import { parseWhere } from '../contacts/segments/definition';
import { countSegment } from '../contacts/segments/count';
import { deleteSegment, getSegment, listSegments, saveSegment } from '../contacts/segments/store';
import type { ContactsDb } from '../contacts/tables';
import { contactsDb } from '../contacts/tables';
import { out, repeatable, withApp } from './context';
import { n } from './format';
import { channelArg, purposeArg } from './contacts-args';
import { SEGMENT_NEEDED } from './contacts-needs';

/** The condition of `--where` options (all must hold), or null when none was given. */
export function whereCondition(wheres: readonly string[] | undefined): Condition | null {
  if (!wheres?.length) return null;
  const parts = wheres.map(parseWhere);
  return parts.length === 1 ? parts[0]! : { all: parts };
}

/** `--purpose P --channel C` (each checked by its option parser), both or neither. */
export function useOf(flags: { purpose?: string; channel?: Channel }): Use | undefined {
  if (!flags.purpose && !flags.channel) return undefined;
  if (!flags.purpose || !flags.channel) throw new UsageError('--purpose and --channel go together: a use is a purpose on a channel');
  return { purpose: flags.purpose, channel: flags.channel };
}

const readJson = (file: string): Promise<unknown> => readJsonFile(file, 'a segment definition');

/** The condition named on the command line: a saved segment, or `--where` options. */
export async function conditionOf(db: ContactsDb, name: string | undefined, wheres: string[] | undefined): Promise<Condition> {
  const where = whereCondition(wheres);
  if (name && where) throw new UsageError('give a segment name or --where, not both');
  if (name) return (await getSegment(db, name)).condition;
  if (where) return where;
  throw new UsageError('expected a segment name or at least one --where');
}

/** `hustings contacts segment save|list|count|delete`: named segment definitions. */
export function registerContactsSegments(contacts: Command): void {
  const segment = contacts.command('segment').description('named segments of people (tags, support, areas, fields, activity, consent)');
  segment
    .command('save')
    .description('save (or replace) a segment definition')
    .argument('<name>', 'the segment name')
    .option('--where <cond>', 'a condition such as tag=volunteer, support>=4, area=34172_0012, field.interest=ecology (repeat: all must hold)', repeatable)
    .option('--json <file>', 'the definition as JSON, e.g. {"all":[{"tag":"volunteer"},{"support":{"gte":4}}]}')
    .action(async (name: string, flags: { where?: string[]; json?: string }, command: Command) => {
      if (Boolean(flags.json) === Boolean(flags.where?.length)) throw new UsageError('expected either --where or --json');
      const condition = flags.json ? await readJson(flags.json) : whereCondition(flags.where);
      const saved = await withApp(command, (app) => saveSegment(contactsDb(app.store.db), { name, condition, actor: { name: 'cli', role: 'admin' } }));
      out(`segment ${saved.name} saved: ${JSON.stringify(saved.condition)}`);
    });
  segment
    .command('list')
    .description('list the saved segments')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const all = await withApp(command, (app) => listSegments(contactsDb(app.store.db)), { existing: true });
      if (flags.json) return out(JSON.stringify(all));
      if (all.length === 0) return out('no segments saved');
      for (const s of all) out(`${s.name}\t${JSON.stringify(s.condition)}`);
    });
  registerCount(segment);
  segment
    .command('delete')
    .description('delete a saved segment')
    .argument('<name>', 'the segment name')
    .action(async (name: string, _flags: unknown, command: Command) => {
      const deleted = await withApp(command, (app) => deleteSegment(contactsDb(app.store.db), name), { existing: SEGMENT_NEEDED });
      if (!deleted) throw new InputError(`segment ${JSON.stringify(name)}: no such segment`);
      out(`segment ${name} deleted`);
    });
}

function registerCount(segment: Command): void {
  segment
    .command('count')
    .description('count the people of a segment; with --purpose and --channel, only those who may be reached for that use')
    .argument('[name]', 'a saved segment (or use --where)')
    .option('--where <cond>', 'a condition instead of a saved segment (repeat: all must hold)', repeatable)
    .option('--purpose <purpose>', 'count only people with a live consent for this purpose…', purposeArg)
    .option('--channel <channel>', '…on this channel, not suppressed, and with its contact point', channelArg)
    .option('--json', 'print as JSON')
    .action(async (name: string | undefined, flags: { where?: string[]; purpose?: string; channel?: Channel; json?: boolean }, command: Command) => {
      const use = useOf(flags);
      const count = await withApp(command, async (app) => {
        const db = contactsDb(app.store.db);
        return countSegment(db, { condition: await conditionOf(db, name, flags.where), use, scope: { kind: 'all' }, now: Date.now() });
      }, { existing: true });
      if (flags.json) out(JSON.stringify({ segment: name ?? null, use: use ?? null, count }));
      else out(`${n(count)} people${use ? ` reachable for ${use.purpose} by ${use.channel}` : ''}`);
    });
}
