import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { InputError, UsageError } from '../core/errors';
import { createProgress } from '../core/progress';
import type { Actor } from '../contacts/errors';
import type { Platform } from '../contacts/exports';
import type { Channel } from '../contacts/vocabulary';
import { exportAudience, exportCsv, PLATFORMS } from '../contacts/exports';
import { countSegment } from '../contacts/segments/count';
import { contactsDb } from '../contacts/tables';
import type { App } from '../app/open';
import { UserStore } from '../server/auth/users';
import { conditionOf, useOf } from './contacts-segments';
import { note, out, repeatable, withApp } from './context';
import { n } from './format';
import { channelArg, purposeArg } from './contacts-args';

interface ExportFlags {
  segment?: string;
  where?: string[];
  purpose: string;
  channel: Channel;
  audience?: boolean;
  platform: Platform;
  out: string;
  overwrite?: boolean;
  as?: string;
  json?: boolean;
}

function platform(value: string): Platform {
  if ((PLATFORMS as readonly string[]).includes(value)) return value as Platform;
  throw new InvalidArgumentError(`expected one of ${PLATFORMS.join(', ')}, found "${value}"`);
}

/** The acting user: 'cli' as admin, or a stored user with their role (`--as`). */
export async function actorOf(app: App, name: string | undefined): Promise<Actor> {
  if (!name) return { name: 'cli', role: 'admin' };
  const user = await new UserStore(app.store).find(name);
  if (!user) throw new InputError(`--as ${name}: no such user`);
  return user;
}

async function run(app: App, flags: ExportFlags): Promise<{ rows: number; people: number; id: number }> {
  const use = useOf(flags);
  if (!use) throw new UsageError('expected --purpose and --channel: an export is always for a use');
  const db = contactsDb(app.store.db);
  const actor = await actorOf(app, flags.as);
  const condition = await conditionOf(db, flags.segment, flags.where);
  const total = await countSegment(db, { condition, use, scope: { kind: 'all' }, now: Date.now() });
  const progress = createProgress(!flags.json, 'export');
  const request = { use, condition, actor, path: flags.out, overwrite: flags.overwrite, onProgress: (_lines: number, people: number) => progress.update(people, total, `${n(people)} people`) };
  try {
    return flags.audience ? await exportAudience(app.store, { ...request, platform: flags.platform }) : await exportCsv(app.store, request);
  } finally {
    progress.stop();
  }
}

/** `hustings contacts export`: the people of a segment who may be reached for a use, to a file (admins only). */
export function registerContactsExport(contacts: Command): void {
  contacts
    .command('export')
    .description('write the people of a segment who consented to a purpose on a channel (and are not suppressed) to a CSV, or a hashed custom-audience file; registered and audited')
    .option('--segment <name>', 'a saved segment')
    .option('--where <cond>', 'a condition instead of a saved segment (repeat: all must hold)', repeatable)
    .requiredOption('--purpose <purpose>', 'the purpose the people must have consented to (e.g. newsletter)', purposeArg)
    .requiredOption('--channel <channel>', 'the channel (email, phone, sms, mail, door, social)', channelArg)
    .option('--audience', 'write a custom-audience file (SHA-256 of each email or phone) instead of a CSV')
    .option('--platform <platform>', `audience phone format: ${PLATFORMS.join(', ')}`, platform, 'meta')
    .requiredOption('--out <file>', 'the file to write')
    .option('--overwrite', 'replace the file at --out even if it is an earlier export edited since (never a file hustings did not export)')
    .option('--as <user>', 'act as this user (default: the admin "cli")')
    .option('--json', 'print the result as JSON')
    .action(async (flags: ExportFlags, command: Command) => {
      const result = await withApp(command, (app) => run(app, flags), { existing: true });
      if (flags.json) return out(JSON.stringify({ export: result.id, file: flags.out, rows: result.rows, people: result.people }));
      out(`${n(result.rows)} rows written to ${flags.out} (${n(result.people)} people, export ${result.id})`);
      if (flags.audience) note('the file holds hashes of personal data: upload it, then delete it');
    });
}
