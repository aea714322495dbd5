import type { ActivityRow } from '../../contacts/activities';
import { insertActivities } from '../../contacts/activities';
import type { AuditInput } from '../../contacts/audit';
import { appendAuditMany } from '../../contacts/audit';
import type { ConsentEntry } from '../../contacts/consent/ledger';
import { recordConsents } from '../../contacts/consent/ledger';
import type { Suppression } from '../../contacts/consent/suppress';
import { suppress } from '../../contacts/consent/suppress';
import { addSource } from '../../contacts/sources';
import type { ContactsDb } from '../../contacts/tables';
import { checkChannel } from '../../contacts/vocabulary';
import type { DialectName } from '../../store';
import type { Campaign } from '../campaigns/store';
import type { FieldEvent } from './event';
import { canonicalJson } from './event';

/** How far before its campaign's creation a knock's time may be (time zones, a campaign made the evening after). */
export const CLOCK_SLACK_MS = 24 * 3_600_000;

/** What the events of a batch do to the contacts tables, gathered before they are written in bulk. */
interface Effects {
  readonly activities: ActivityRow[];
  readonly consents: ConsentEntry[];
  readonly suppressions: Suppression[];
  readonly audits: AuditInput[];
}

/**
 * One event's effects on its person: the knock (a `contact` activity on the door channel, the
 * result as detail), the answers (a `response` activity), each consent as a ledger entry, and a
 * global suppression for do_not_contact. Everything cites one `canvass` source, collected by
 * the canvasser under the campaign's notice. The phone's clock is trusted for the order of doors
 * but never beyond the server's now, so that a phone set in the future cannot outrank later consents.
 */
async function eventEffects(trx: ContactsDb, user: string, e: FieldEvent & { personId: number }, campaign: Campaign, now: number, into: Effects): Promise<void> {
  // A phone whose clock says the knock came before the campaign (a phone reset to 1970) is wrong:
  // its withdrawals take effect now, and its grants and activities date from the campaign's start,
  // so that a wrong clock can neither bury a "no" under an older "yes" nor put a "yes" over a later "no".
  const start = Math.min(campaign.createdAt, now);
  const clockWrong = e.at < start - CLOCK_SLACK_MS;
  const at = clockWrong ? start : Math.min(e.at, now);
  const consents = e.consents ?? [];
  const basis = consents.length ? 'consent' : 'legitimate_interest';
  // The notice the phone showed (checked against the campaign's notices); a phone that does not say, the campaign's current one.
  const noticeVersion = e.noticeVersion ?? campaign.noticeVersion;
  const source = await addSource(trx, { kind: 'canvass', label: `canvass: ${campaign.name}`, collectedAt: at, collector: user, basis, noticeVersion }, now);
  await trx.insertInto('person_sources').values({ person_id: e.personId, source_id: source.id, line: null, at: now }).execute();
  const base = { personId: e.personId, sourceId: source.id, channel: 'door', at, actor: user };
  into.activities.push({ ...base, kind: 'contact', detail: e.result });
  if (e.answers && Object.keys(e.answers).length) into.activities.push({ ...base, kind: 'response', detail: canonicalJson({ campaign: campaign.id, answers: e.answers }) });
  for (const c of consents) {
    const channel = checkChannel(c.channel);
    into.consents.push({ personId: e.personId, purpose: c.purpose, channel, granted: c.granted, sourceId: source.id, at: clockWrong && !c.granted ? now : at, actor: user, noticeVersion });
    const action = c.granted ? 'contacts.consent.grant' : 'contacts.consent.withdraw';
    into.audits.push({ actor: user, action, subject: `person:${e.personId}`, detail: { purpose: c.purpose, channel, source: source.id, campaign: campaign.id } });
  }
  if (e.result === 'do_not_contact') {
    into.suppressions.push({ personId: e.personId, channel: '*', reason: `do_not_contact at the door (campaign ${campaign.id})`, actor: user });
    into.audits.push({ actor: user, action: 'contacts.suppress', subject: `person:${e.personId}`, detail: { channel: '*', reason: 'do_not_contact', source: source.id, campaign: campaign.id } });
  }
}

/** Applies the stored events' effects on contacts, inside the batch's transaction. Events without a person mark their door only. */
export async function applyEffects(trx: ContactsDb, dialect: DialectName, user: string, events: readonly FieldEvent[], campaigns: ReadonlyMap<number, Campaign>, now: number): Promise<{ activities: number; consents: number; suppressions: number }> {
  const fx: Effects = { activities: [], consents: [], suppressions: [], audits: [] };
  for (const e of events) if (e.personId !== null) await eventEffects(trx, user, { ...e, personId: e.personId }, campaigns.get(e.campaignId)!, now, fx);
  await insertActivities(trx, fx.activities);
  await recordConsents(trx, fx.consents);
  await suppress(trx, fx.suppressions, now);
  await appendAuditMany(trx, dialect, fx.audits, now);
  return { activities: fx.activities.length, consents: fx.consents.length, suppressions: fx.suppressions.length };
}
