import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { InputError, UsageError } from '../core/errors';
import { parseIsoTime } from '../core/iso-time';
import type { RightsRequest } from '../contacts/rights';
import { accessExport, writeAccessFile, closeRequest, erase, listRequests, objection, OUTCOMES, openRequest, rectify, REQUEST_KINDS } from '../contacts/rights';
import type { Changes } from '../contacts/rights/rectify-input';
import { outputFile } from '../core/output';
import { cliActor, note, out, withApp } from './context';
import { positiveInt } from './listen';
import { channelsArg } from './contacts-args';
import { personNeeded, REQUEST_NEEDED } from './contacts-needs';


async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError('not a terminal: pass --yes to confirm');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes)$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** `hustings contacts access|rectify|erase|object|requests`: data-subject rights. */
export function registerContactsRights(contacts: Command): void {
  contacts
    .command('access')
    .description("everything held about a person, with sources and consents (GDPR art. 15), as JSON")
    .argument('<id>', 'person id', positiveInt)
    .option('--out <file>', 'write to this file (owner-readable only) instead of standard output')
    .option('--overwrite', 'with --out: replace the file even if it is an earlier export edited since (never a file hustings did not export)')
    .action(async (id: number, flags: { out?: string; overwrite?: boolean }, command: Command) => {
      if (flags.overwrite && !flags.out) throw new UsageError('--overwrite: expected --out too (it says whether to replace the file written)');
      if (flags.out) {
        // Checked before the store is opened: a bad path must not leave a new store behind.
        const out = outputFile(flags.out, '--out');
        await withApp(command, (app) => writeAccessFile(app, id, out, cliActor(), { overwrite: flags.overwrite ?? false }), { existing: true });
        note(`access export of person ${id} written to ${out} (an erasure of the person deletes it)`);
      } else out(JSON.stringify(await withApp(command, (app) => accessExport(app, id, cliActor()), { existing: true }), null, 2));
    });
  contacts
    .command('erase')
    .description('erase a person from every table and export file, keeping a tombstone (GDPR art. 17)')
    .argument('<id>', 'person id', positiveInt)
    .option('--request <n>', 'the erasure request this answers (closed as done)', positiveInt)
    .option('--no-tombstone', 'keep no keyed hash (a re-import will not be flagged)')
    .option('--yes', 'do not ask for confirmation')
    .action(async (id: number, flags: { request?: number; tombstone: boolean; yes?: boolean }, command: Command) => {
      if (!flags.yes && !(await confirm(`Erase person ${id} for good?`))) return note('nothing erased');
      const e = await withApp(command, (app) => erase(app, id, { actor: cliActor(), requestId: flags.request ?? null, tombstone: flags.tombstone }), { existing: personNeeded('erase') });
      const rows = Object.entries(e.counts).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`);
      out(e.counts.people === 0 ? `Person ${id} was erased before; the export files left holding them are rewritten now` : `Erased person ${id}: ${rows.join(' · ')}; ${e.tombstones} tombstones`);
      for (const f of e.files) out(`  ${f.path}: ${f.status === 'missing' ? 'file missing (its lines forgotten)' : f.status === 'deleted' ? 'deleted (it held this person alone)' : f.status === 'changed' ? (f.kind === 'access' ? `NOT DELETED: ${f.reason}; check it, and delete or move it by hand` : `NOT CHANGED: ${f.reason}; remove them from it by hand`) : `${f.removed} lines removed`}`);
      if (e.files.some((f) => f.status === 'changed')) process.exitCode = 1;
      if (!e.flushed.checkpointed) note('  the SQLite WAL could not be checkpointed (another reader?): run the command again later to flush it');
    });
  registerRectify(contacts);
  contacts
    .command('object')
    .description('the person objects: suppress them, withdraw their consents and suppress their emails and phones (GDPR art. 21)')
    .argument('<id>', 'person id', positiveInt)
    .option('--channel <c...>', 'channels objected to (default: all)', channelsArg)
    .action(async (id: number, flags: { channel?: string[] }, command: Command) => {
      const o = await withApp(command, (app) => objection(app, id, { channels: flags.channel ?? '*', actor: cliActor() }), { existing: personNeeded('object') });
      out(`Person ${id} suppressed on ${o.channels.join(', ')}: ${o.withdrawn} consents withdrawn, ${o.suppressedValues} values suppressed, off ${o.listRemovals} lists`);
    });
  registerRequests(contacts);
}

/**
 * The changes `contacts rectify` takes, one flag each, by the key `rectify` knows them by; a
 * person's own fields (`clears`) are cleared by "". The flags, the changes and the names in errors
 * all come from this one list.
 */
const CHANGE_FLAGS = [
  { key: 'givenName', flag: '--given-name <name>', help: 'given name ("" clears it)', clears: true },
  { key: 'familyName', flag: '--family-name <name>', help: 'family name ("" clears it)', clears: true },
  { key: 'birthYear', flag: '--birth-year <year>', help: 'birth year, or an age ("" clears it)', clears: true },
  { key: 'gender', flag: '--gender <g>', help: 'female, male or other ("" clears it)', clears: true },
  { key: 'language', flag: '--language <code>', help: 'language, e.g. fr ("" clears it)', clears: true },
  { key: 'support', flag: '--support <1-5>', help: 'support level ("" clears it)', clears: true },
  { key: 'area', flag: '--area <code>', help: 'area: polling station or district ("" clears it)', clears: true },
  { key: 'addEmails', flag: '--add-email <email...>', help: 'emails to add', clears: false },
  { key: 'removeEmails', flag: '--remove-email <email...>', help: 'emails to remove', clears: false },
  { key: 'addPhones', flag: '--add-phone <phone...>', help: 'phones to add', clears: false },
  { key: 'removePhones', flag: '--remove-phone <phone...>', help: 'phones to remove', clears: false },
  { key: 'country', flag: '--phone-region <CC>', help: 'the country national phone numbers are read in (default FR)', clears: false },
].map((c) => ({ ...c, option: new Option(c.flag, c.help) }));

/** The address flags, by the key of the address `rectify` takes. */
const ADDRESS_FLAGS = [
  { key: 'street', option: new Option('--street <street>', 'address: replaces the whole address with the parts given') },
  { key: 'postcode', option: new Option('--postcode <postcode>', 'address: postcode') },
  { key: 'city', option: new Option('--city <city>', 'address: city') },
  { key: 'country', option: new Option('--address-country <CC>', 'address: country code (default FR)') },
];

type RectifyFlags = Record<string, string | string[] | boolean | undefined> & { address: boolean; json?: boolean };

const blankIsNull = (v: string | undefined): string | null | undefined => (v === undefined ? undefined : v.trim() === '' ? null : v);

/** The changes the flags ask for, in the shape `rectify` takes; an empty value clears a field. */
function changesOf(f: RectifyFlags): Changes {
  const given: [string, unknown][] = [];
  for (const c of CHANGE_FLAGS) {
    const v = f[c.option.attributeName()] as string | string[] | undefined;
    if (v !== undefined) given.push([c.key, c.clears ? blankIsNull(v as string) : v]);
  }
  const parts = ADDRESS_FLAGS.map((a) => [a.key, f[a.option.attributeName()] as string | undefined] as const);
  const anyPart = parts.some(([, v]) => v !== undefined);
  if (!f.address && anyPart) throw new UsageError('--no-address removes the address: give it without --street, --postcode, --city or --address-country');
  if (!f.address) given.push(['address', null]);
  else if (anyPart) given.push(['address', Object.fromEntries(parts.map(([k, v]) => [k, blankIsNull(v) ?? null]))]);
  // The region national numbers are read in changes nothing on its own.
  if (given.every(([k]) => k === 'country')) throw new UsageError('contacts rectify: nothing to change: give at least one of --given-name, --family-name, --birth-year, --gender, --language, --support, --area, --add-email, --remove-email, --add-phone, --remove-phone, the address (--street, --postcode, --city, --address-country) or --no-address');
  return Object.fromEntries(given) as Changes;
}

/** A rectification's error, with the field named by its flag ("addEmails: no @" → "--add-email: no @"). */
function inFlagNames(message: string): string {
  return message.replace(/^(rectification )?([a-zA-Z]+)\b/, (whole, _prefix: string | undefined, field: string) => CHANGE_FLAGS.find((c) => c.key === field)?.option.long ?? whole);
}

function registerRectify(contacts: Command): void {
  const command = contacts
    .command('rectify')
    .description('correct a person\'s fields, emails, phones or address (GDPR art. 16); new values get a source of their own; audited with the names of the fields changed')
    .argument('<id>', 'person id', positiveInt);
  for (const { option } of [...CHANGE_FLAGS, ...ADDRESS_FLAGS]) command.addOption(option);
  command
    .option('--no-address', 'remove the address')
    .option('--json', 'print {personId, fields} as JSON')
    .action(async (id: number, flags: RectifyFlags, cmd: Command) => {
      const changes = changesOf(flags);
      const r = await withApp(cmd, (app) => rectify(app, id, changes, cliActor()), { existing: personNeeded('rectify') }).catch((e: unknown) => {
        throw e instanceof InputError ? new InputError(inFlagNames(e.message), e.path) : e;
      });
      if (flags.json) return out(JSON.stringify({ personId: id, fields: r.fields }));
      out(r.fields.length ? `Rectified person ${id}: ${r.fields.join(', ')}` : `Person ${id}: nothing changed (the values given were already held)`);
    });
}

function registerRequests(contacts: Command): void {
  const requests = contacts.command('requests').description('the log of data-subject requests and their one-month deadlines');
  requests
    .command('list', { isDefault: true })
    .description('requests, oldest deadline first')
    .option('--open', 'open requests only')
    .option('--overdue', 'open requests past their deadline only')
    .option('--json', 'print as JSON')
    .action(async (flags: { open?: boolean; overdue?: boolean; json?: boolean }, command: Command) => {
      const list = await withApp(command, (app) => listRequests(app.store.db, { status: flags.open ? 'open' : undefined, overdue: flags.overdue }), { existing: true });
      if (flags.json) return out(JSON.stringify(list));
      if (list.length === 0) out('No request');
      for (const r of list) out(describe(r));
    });
  requests
    .command('open')
    .description('log a request received')
    .argument('<kind>', REQUEST_KINDS.join('|'))
    .option('--person <id>', 'the person (when identified)', positiveInt)
    .option('--received <date>', 'when it was received (YYYY-MM-DD; default now)')
    .action(async (kind: string, flags: { person?: number; received?: string }, command: Command) => {
      // Strictly a calendar date, and not in the future: the one-month deadline runs from it.
      const receivedAt = flags.received ? parseIsoTime(flags.received) : Date.now();
      if (receivedAt === null || receivedAt > Date.now() + 86_400_000) throw new UsageError(`--received: expected a date no later than today, such as 2026-01-31, found "${flags.received}"`);
      const id = await withApp(command, (app) => openRequest(app, { personId: flags.person ?? null, kind, receivedAt, actor: cliActor() }));
      out(`Request ${id} logged`);
    });
  requests
    .command('close')
    .description('close a request')
    .argument('<n>', 'request id', positiveInt)
    .option('--outcome <code>', OUTCOMES.join('|'), 'done')
    .action(async (id: number, flags: { outcome: string }, command: Command) => {
      await withApp(command, (app) => closeRequest(app, id, { outcome: flags.outcome, actor: cliActor() }), { existing: REQUEST_NEEDED });
      out(`Request ${id} closed (${flags.outcome})`);
    });
}

function describe(r: RightsRequest): string {
  const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
  const who = r.personId === null ? 'person not identified' : `person ${r.personId}`;
  const state = r.status === 'closed' ? `closed ${day(r.closedAt ?? 0)} (${r.outcome})` : r.overdue ? `OVERDUE by ${-(r.daysLeft ?? 0)} days` : `${r.daysLeft} days left`;
  return `#${r.id} ${r.kind} · ${who} · received ${day(r.receivedAt)} · due ${day(r.dueAt)} · ${state}`;
}
