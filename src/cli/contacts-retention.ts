import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../core/errors';
import { createProgress } from '../core/progress';
import { listPolicies, runRetention, savePolicy } from '../contacts/retention';
import type { RetentionReport } from '../contacts/retention';
import { cliActor, note, out, withApp } from './context';
import { RETENTION_RUN_NEEDED } from './contacts-needs';

interface RetentionFlags {
  dryRun?: boolean;
  run?: boolean;
  list?: boolean;
  policy?: string;
  keepDays?: number;
  from?: string;
  electionDay?: string;
  unlessConsent?: string;
  sources?: string[];
  purposes?: string[];
  json?: boolean;
}

const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);

function wholeDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number of days, found "${value}"`);
  return n;
}

/** `hustings contacts retention`: policies, and the runs that erase people past them (for cron: --run). */
export function registerContactsRetention(contacts: Command): void {
  contacts
    .command('retention')
    .description('retention policies and runs: --dry-run lists who is due, --run erases them (for cron), --policy NAME adds a policy')
    .option('--dry-run', 'list who is due, per policy, and change nothing (the default)')
    .option('--run', 'erase the people due (no tombstones) and audit the run')
    .option('--list', 'list the policies')
    .option('--policy <name>', 'add or replace the policy NAME (with --keep-days and --from)')
    .option('--keep-days <n>', 'policy: days kept', wholeDays)
    .option('--from <collected|election>', 'policy: counted from collection or from --election-day')
    .option('--election-day <YYYY-MM-DD>', 'policy: the election day, with --from election')
    .option('--unless-consent <purpose>', 'policy: keep people who granted this purpose (e.g. stay_in_touch)')
    .option('--sources <kinds>', 'policy: the source kinds covered, comma-separated (default all)', list)
    .option('--purposes <purposes>', 'policy: only sources whose consents are all for these purposes', list)
    .option('--json', 'print as JSON')
    .action(async (flags: RetentionFlags, command: Command) => {
      if (flags.policy !== undefined) return addPolicy(flags, command);
      if (flags.list) return printPolicies(command, flags.json);
      if (flags.run && flags.dryRun) throw new UsageError('--run and --dry-run: choose one');
      const progress = createProgress(!flags.json, 'retention');
      const report = await withApp(command, (app) =>
        runRetention(app, { dryRun: !flags.run, actor: 'system:retention', onProgress: (done, total) => progress.update(done, total, `${done} erased`) }), { existing: flags.run ? RETENTION_RUN_NEEDED : true },
      ).finally(() => progress.stop());
      if (flags.json) out(JSON.stringify(report));
      else printReport(report);
    });
}

async function addPolicy(flags: RetentionFlags, command: Command): Promise<void> {
  if (!flags.policy!.trim()) throw new UsageError('--policy: expected a name for the policy, found nothing');
  if (flags.keepDays === undefined || !flags.from) throw new UsageError('--policy needs --keep-days N and --from collected|election');
  const spec = { keepDays: flags.keepDays, from: flags.from, electionDay: flags.electionDay, unlessConsent: flags.unlessConsent, sources: flags.sources, purposes: flags.purposes };
  const clean = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
  const p = await withApp(command, (app) => savePolicy(app, flags.policy!, clean, cliActor()));
  out(`Policy ${p.name} saved: ${JSON.stringify(p.spec)}`);
}

async function printPolicies(command: Command, json?: boolean): Promise<void> {
  const policies = await withApp(command, (app) => listPolicies(app.store.db), { existing: true });
  if (json) return out(JSON.stringify(policies));
  if (policies.length === 0) out('No retention policy (`hustings contacts retention --policy NAME --keep-days N --from collected`)');
  for (const p of policies) out(`${p.name}: ${JSON.stringify(p.spec)}`);
}

function printReport(r: RetentionReport): void {
  const entries = Object.entries(r.policies);
  if (entries.length === 0) return out('Nobody is due for deletion');
  for (const [name, v] of entries) out(`${name}: ${v.count} ${r.dryRun ? 'due' : 'erased'}${r.dryRun ? ` (ids ${v.ids.slice(0, 20).join(', ')}${v.ids.length > 20 ? ', …' : ''})` : ''}`);
  if (r.dryRun) note('dry run: nothing erased (`--run` to erase)');
  else out(`${r.erased} people erased; ${r.files} export files rewritten`);
}
