import type { Command } from 'commander';
import { UsageError } from '../core/errors';
import { ACTIVITY_KINDS, recordActivity } from '../contacts/activities';
import { changeConsent } from '../contacts/consent/record';
import type { Decision } from '../contacts/review';
import { listReview, resolveReview } from '../contacts/review';
import { contactsDb } from '../contacts/tables';
import type { Basis } from '../contacts/vocabulary';
import { cliActor, out, withApp } from './context';
import { positiveInt } from './listen';
import { activityKindArg, basisArg, channelArg, purposeArg } from './contacts-args';
import { personNeeded, reviewItemNeeded } from './contacts-needs';

const ALL = { kind: 'all' } as const;


/** `hustings contacts consent|activity|review`: consents and activity as they happen, and the duplicates queue. */
export function registerContactsHistory(contacts: Command): void {
  contacts
    .command('consent')
    .description('record a consent given (--grant) or withdrawn (--withdraw) outside an import: a new ledger entry with its own source')
    .argument('<id>', 'person id', positiveInt)
    .requiredOption('--purpose <p>', 'newsletter, canvassing, fundraising, volunteering, profiling, reuse, stay_in_touch, …', purposeArg)
    .requiredOption('--channel <c>', 'email, phone, sms, mail, door or social', channelArg)
    .option('--grant', 'the person gives consent')
    .option('--withdraw', 'the person withdraws consent')
    .requiredOption('--how <text>', 'how the person said so: "phone call", "letter", "at the door"')
    .option('--basis <basis>', 'lawful basis', basisArg, 'consent')
    .option('--notice <version>', 'version of the notice the person was shown (needed to grant)')
    .action(async (id: number, f: { purpose: string; channel: string; grant?: boolean; withdraw?: boolean; how: string; basis: Basis; notice?: string }, command: Command) => {
      if (Boolean(f.grant) === Boolean(f.withdraw)) throw new UsageError('say --grant or --withdraw (one of them)');
      if (f.grant && !f.notice?.trim()) throw new UsageError('--grant needs --notice VERSION: the version of the notice the person was shown');
      await withApp(command, (app) => changeConsent(app.store, { personId: id, purpose: f.purpose, channel: f.channel, granted: Boolean(f.grant), how: f.how, basis: f.basis, noticeVersion: f.notice ?? null, actor: cliActor() }), { existing: personNeeded('consent') });
      out(`person ${id}: ${f.purpose}/${f.channel} ${f.grant ? 'granted' : 'withdrawn'} (ledger entry recorded)`);
    });
  contacts
    .command('activity')
    .description("add to a person's activity history: a contact made, a response, an event, a donation, a note")
    .argument('<id>', 'person id', positiveInt)
    .requiredOption('--kind <k>', ACTIVITY_KINDS.join(', '), activityKindArg)
    .option('--channel <c>', 'the channel, for a contact', channelArg)
    .option('--detail <text>', 'what happened')
    .action(async (id: number, f: { kind: string; channel?: string; detail?: string }, command: Command) => {
      const n = await withApp(command, (app) => recordActivity(app.store, { personId: id, kind: f.kind as (typeof ACTIVITY_KINDS)[number], channel: f.channel ?? null, detail: f.detail ?? null, actor: cliActor() }), { existing: personNeeded('activity') });
      out(`activity ${n} recorded for person ${id}`);
    });
  const review = contacts.command('review').description('the review queue: possible duplicates (similar name and address), conflicting rows, rows sharing an email or phone under another name, re-imports of erased people');
  review
    .command('list', { isDefault: true })
    .option('--json', 'as JSON')
    .action(async (f: { json?: boolean }, command: Command) => {
      const items = await withApp(command, (app) => listReview(contactsDb(app.store.db), ALL), { existing: true });
      if (f.json) return out(JSON.stringify(items, null, 2));
      if (items.length === 0) return out('the review queue is empty');
      for (const i of items) out(`#${i.id} ${i.kind}: ${i.kind === 'erased' ? `import ${i.importId} line ${i.line}` : `person ${i.personId}${i.otherId === null ? '' : ` ~ person ${i.otherId}`}${i.score === null ? '' : ` (${i.score.toFixed(2)})`}`} — ${i.reason}`);
    });
  for (const decision of ['merge', 'keep', 'dismiss'] as const) {
    review
      .command(decision)
      .description(decision === 'merge' ? 'fold the newer person into the one known before' : decision === 'keep' ? 'they are two people' : 'close a flag')
      .argument('<item>', 'review item number', positiveInt)
      .action(async (item: number, _f: unknown, command: Command) => {
        const r = await withApp(command, (app) => resolveReview(app.store, item, decision as Decision, cliActor(), ALL), { existing: reviewItemNeeded(decision) });
        out(`review item ${item}: ${decision}${r.survivor ? ` (person ${r.survivor} kept)` : ''}`);
      });
  }
}
