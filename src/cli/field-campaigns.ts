import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readJsonFile } from '../core/input';
import type { Campaign } from '../field/campaigns';
import { createCampaign, getCampaign, listCampaigns } from '../field/campaigns';
import { fieldDb } from '../field/tables';
import { contactsDb } from '../contacts/tables';
import { PURPOSES } from '../contacts/vocabulary';
import { cliActor, note, out, withApp } from './context';
import { positiveInt } from './listen';
import { purposeArg } from './contacts-args';


function lockHours(value: string): number {
  const h = Number(value);
  if (!Number.isInteger(h) || h < 1 || h > 168) throw new InvalidArgumentError(`expected a whole number of hours from 1 to 168, found "${value}"`);
  return h;
}

function summary(c: Campaign): string {
  return `campaign ${c.id} "${c.name}" (${c.purpose}): ${c.script.questions.length} questions, ${c.script.consents.length} consents, notice ${c.noticeVersion}, locks ${c.lockHours} h`;
}

/** `hustings field campaign …`: door-to-door campaigns and their scripts. */
export function registerFieldCampaigns(field: Command): void {
  const campaign = field.command('campaign').description('door-to-door campaigns and their door scripts (questions, consents, notice)');
  campaign
    .command('create')
    .argument('<name>', 'name of the campaign')
    .requiredOption('--script <file>', 'the door script, JSON (see data/field/example-script.json)')
    .option('--purpose <p>', 'the consent purpose people must have given to be knocked for', purposeArg, 'canvassing')
    .option('--lock-hours <h>', 'how long a canvasser holds a turf once checked out', lockHours, 12)
    .action(async (name: string, f: { script: string; purpose: string; lockHours: number }, command: Command) => {
      const script = await readJsonFile(f.script, 'a canvassing script');
      const { made, consented } = await withApp(command, async (app) => {
        const campaign = await createCampaign(app.store, { name, purpose: f.purpose, script, scriptSource: f.script, lockHours: f.lockHours, actor: cliActor() });
        const any = await contactsDb(app.store.db).selectFrom('consent_state').select('person_id').where('purpose', '=', campaign.purpose).where('granted', '=', 1).limit(1).executeTakeFirst();
        return { made: campaign, consented: any !== undefined };
      });
      out(summary(made));
      // Purposes are open, so a typo is a new one: the gate then lets no door's residents through.
      if (!consented && !(PURPOSES as readonly string[]).includes(made.purpose)) {
        note(`purpose ${made.purpose} is none of ${PURPOSES.join(', ')}, and no one has consented to it: phones will show no one's name until people do (a typo?)`);
      }
    });
  campaign
    .command('list')
    .option('--json', 'as JSON')
    .action(async (f: { json?: boolean }, command: Command) => {
      const all = await withApp(command, (app) => listCampaigns(fieldDb(app.store.db)), { existing: true });
      if (f.json) return out(JSON.stringify(all, null, 2));
      if (all.length === 0) return out('no campaigns yet (hustings field campaign create NAME --script FILE.json)');
      for (const c of all) out(summary(c));
    });
  campaign
    .command('show')
    .argument('<id>', 'campaign number', positiveInt)
    .option('--json', 'as JSON')
    .action(async (id: number, f: { json?: boolean }, command: Command) => {
      const c = await withApp(command, (app) => getCampaign(fieldDb(app.store.db), id), { existing: true });
      if (f.json) return out(JSON.stringify(c, null, 2));
      out(summary(c));
      for (const q of c.script.questions) out(`  ${q.id} (${q.kind}): ${q.text}${'options' in q ? ` [${q.options.map((o) => o.id).join(', ')}]` : q.kind === 'scale' ? ` [${q.min}–${q.max}]` : ''}`);
      for (const k of c.script.consents) out(`  consent ${k.purpose}/${k.channel}: ${k.text}`);
    });
}
