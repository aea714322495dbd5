import { audienceQuery } from '../../contacts/audience';
import type { Actor } from '../../contacts/errors';
import { inScope, scopeOf } from '../../contacts/scope';
import { contactsDb } from '../../contacts/tables';
import type { Campaign } from '../campaigns/store';
import { campaignsById } from '../campaigns/store';
import type { ScriptQuestion } from '../campaigns/script';
import { clip } from '../campaigns/script';
import type { FieldDb } from '../tables';
import type { FieldEvent } from './event';

/** What the checks of a batch need to know, read once per batch inside its transaction. */
export interface SyncContext {
  readonly campaigns: ReadonlyMap<number, Campaign>;
  /** turf id → its campaign id (turfs that exist, and turfs since merged away that the user was given). */
  readonly turfCampaign: ReadonlyMap<number, number>;
  /** `campaignId:addressId` → the turf holding that door in that campaign. */
  readonly doorTurf: ReadonlyMap<string, number>;
  /** address id → its household key (null: no key, so nobody can be linked to it). */
  readonly doorHousehold: ReadonlyMap<number, string | null>;
  /** person id → the household keys of their addresses. */
  readonly personHouseholds: ReadonlyMap<number, ReadonlySet<string>>;
  /**
   * Turfs of the batch's campaigns the user has or had an assignment on, alone or as a partner,
   * with when each assignment ended (Infinity: it has not): a knock is kept under an ended
   * assignment only when it was dated before the end, or within the campaign's lock hours after
   * it (a phone offline when the organiser ended it).
   */
  readonly assignedTurfs: ReadonlyMap<number, number>;
  /** `turfId:addressId` of the batch's doors on the user's turfs, now or in the past (field_turf_door_history). */
  readonly heldDoors: ReadonlySet<string>;
  /** Organisers and admins may record on any turf (e.g. a knock done with a team). */
  readonly anyTurf: boolean;
  /** The people of the batch an organiser may see (their areas): a knock links, and gives consents for, no one else. Null: no such bound. */
  readonly peopleInScope: ReadonlySet<number> | null;
  /** Every notice version each campaign has had (field_notices). */
  readonly notices: ReadonlyMap<number, ReadonlySet<string>>;
  /**
   * campaign id → the people of the batch's answers and grants whom the gate lets through now for
   * the campaign's purpose at the door: those the phone's package may hold. Answers and grants are
   * taken for them only.
   */
  readonly reachable: ReadonlyMap<number, ReadonlySet<number>>;
}

const unique = (xs: readonly number[]): number[] => [...new Set(xs)];

export async function loadContext(db: FieldDb, user: Actor, events: readonly FieldEvent[], now = Date.now()): Promise<SyncContext> {
  const anyTurf = user.role === 'organiser' || user.role === 'admin';
  if (events.length === 0) return { campaigns: new Map(), turfCampaign: new Map(), doorTurf: new Map(), doorHousehold: new Map(), personHouseholds: new Map(), assignedTurfs: new Map(), heldDoors: new Set(), anyTurf, peopleInScope: null, notices: new Map(), reachable: new Map() };
  const none = [-1]; // `in ()` is not valid SQL: an id that never exists keeps the queries simple
  const turfIds = unique(events.map((e) => e.turfId));
  const addressIds = unique(events.map((e) => e.addressId));
  const personIds = unique(events.flatMap((e) => (e.personId === null ? [] : [e.personId])));
  const campaigns = await campaignsById(db, unique(events.map((e) => e.campaignId)));
  const turfs = await db.selectFrom('field_turfs').select(['id', 'campaign_id']).where('id', 'in', turfIds.length ? turfIds : none).execute();
  const doors = await db.selectFrom('field_turf_doors').select(['campaign_id', 'address_id', 'turf_id']).where('address_id', 'in', addressIds.length ? addressIds : none).execute();
  const households = await db.selectFrom('field_addresses').select(['id', 'household']).where('id', 'in', addressIds.length ? addressIds : none).execute();
  const homes = personIds.length ? await db.selectFrom('addresses').select(['person_id', 'household']).where('person_id', 'in', personIds).where('household', 'is not', null).execute() : [];
  // Every turf of these campaigns the user was ever given: an event names the turf as the phone had
  // it, and organisers may have moved the door or merged the turf away since.
  const assigned = await db
    .selectFrom('field_assignments')
    .select(['turf_id', 'campaign_id', 'ended_at', 'ends_at'])
    .where('campaign_id', 'in', campaigns.size ? [...campaigns.keys()] : none)
    .where((eb) => eb.or([eb('user_name', '=', user.name), eb('partner', '=', user.name)]))
    .execute();
  const assignedTurfs = new Map<number, number>();
  for (const a of assigned) {
    const ends = [a.ended_at, a.ends_at].filter((x): x is number => x !== null).map(Number);
    const end = ends.length ? Math.min(...ends) : Infinity;
    assignedTurfs.set(Number(a.turf_id), Math.max(assignedTurfs.get(Number(a.turf_id)) ?? -Infinity, end));
  }
  const mine = [...assignedTurfs.keys()];
  const held = mine.length && addressIds.length ? await db.selectFrom('field_turf_door_history').select(['turf_id', 'address_id']).where('turf_id', 'in', mine).where('address_id', 'in', addressIds).execute() : [];
  const noticeRows = await db.selectFrom('field_notices').select(['campaign_id', 'version']).where('campaign_id', 'in', campaigns.size ? [...campaigns.keys()] : none).execute();
  const notices = new Map<number, Set<string>>();
  for (const n of noticeRows) notices.set(Number(n.campaign_id), (notices.get(Number(n.campaign_id)) ?? new Set<string>()).add(n.version));
  const personHouseholds = new Map<number, Set<string>>();
  for (const h of homes) {
    const set = personHouseholds.get(Number(h.person_id)) ?? new Set<string>();
    set.add(h.household!);
    personHouseholds.set(Number(h.person_id), set);
  }
  return {
    campaigns,
    notices,
    turfCampaign: new Map([...assigned.map((a): [number, number] => [Number(a.turf_id), Number(a.campaign_id)]), ...turfs.map((t): [number, number] => [Number(t.id), Number(t.campaign_id)])]),
    doorTurf: new Map(doors.map((d) => [`${Number(d.campaign_id)}:${Number(d.address_id)}`, Number(d.turf_id)])),
    doorHousehold: new Map(households.map((h) => [Number(h.id), h.household])),
    personHouseholds,
    assignedTurfs,
    heldDoors: new Set(held.map((h) => `${Number(h.turf_id)}:${Number(h.address_id)}`)),
    anyTurf,
    peopleInScope: user.role === 'organiser' ? await visiblePeople(db, user, personIds) : null,
    reachable: await reachablePeople(db, campaigns, events, now),
  };
}

/** An event that gives answers or a grant: what the gate must let through (a "no" needs no consent). */
const saysYes = (e: FieldEvent): boolean => Object.keys(e.answers ?? {}).length > 0 || (e.consents ?? []).some((c) => c.granted);

/**
 * For each campaign of the batch, which people of its events that say yes pass the gate for
 * (purpose, door) now: through `audienceQuery`, as the package is built.
 */
async function reachablePeople(db: FieldDb, campaigns: ReadonlyMap<number, Campaign>, events: readonly FieldEvent[], now: number): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>();
  for (const [id, campaign] of campaigns) {
    const ids = unique(events.flatMap((e) => (e.campaignId === id && e.personId !== null && saysYes(e) ? [e.personId] : [])));
    const rows = ids.length
      ? await audienceQuery(contactsDb(db), { use: { purpose: campaign.purpose, channel: 'door' }, scope: { kind: 'all' }, now }).select('p.id').where('p.id', 'in', ids).execute()
      : [];
    out.set(id, new Set(rows.map((r) => Number(r.id))));
  }
  return out;
}

/** Which of `ids` the user may see in contacts (an organiser: the people of their areas). */
async function visiblePeople(db: FieldDb, user: Actor, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const contacts = contactsDb(db);
  const scope = await scopeOf(contacts, user);
  const rows = await contacts.selectFrom('people as p').select('p.id').where('p.id', 'in', [...ids]).where((eb) => inScope(eb, scope)).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** Whether the user held turf `turfId` when the event was recorded (see SyncContext.assignedTurfs). */
function heldAt(cx: SyncContext, turfId: number, e: FieldEvent): boolean {
  const end = cx.assignedTurfs.get(turfId);
  if (end === undefined) return false;
  const grace = (cx.campaigns.get(e.campaignId)?.lockHours ?? 0) * 3600_000;
  return e.at <= end + grace;
}

export const MAX_TEXT = 2000;

/** Why an answer does not fit its question, or null. */
export function answerProblem(q: ScriptQuestion, v: string | string[] | number): string | null {
  const show = JSON.stringify(v).slice(0, 60);
  switch (q.kind) {
    case 'single':
      return typeof v === 'string' && q.options.some((o) => o.id === v) ? null : `expected one of ${q.options.map((o) => o.id).join(', ')}, found ${show}`;
    case 'multiple':
      if (!Array.isArray(v) || v.some((x) => !q.options.some((o) => o.id === x))) return `expected a list of ${q.options.map((o) => o.id).join(', ')}, found ${show}`;
      return new Set(v).size === v.length ? null : `expected each option once, found ${show}`;
    case 'scale':
      return typeof v === 'number' && Number.isInteger(v) && v >= q.min && v <= q.max ? null : `expected a whole number from ${q.min} to ${q.max}, found ${show}`;
    case 'text':
      if (typeof v !== 'string') return `expected a text, found ${show}`;
      return v.length <= MAX_TEXT ? null : `expected at most 2,000 characters, found ${v.length}`;
  }
}

function placeProblem(e: FieldEvent, cx: SyncContext, user: Actor): string | null {
  if (!cx.campaigns.has(e.campaignId)) return `campaign ${e.campaignId}: no such campaign`;
  if (cx.turfCampaign.get(e.turfId) !== e.campaignId) return `turf ${e.turfId}: no such turf in campaign ${e.campaignId}`;
  // The door must be the campaign's; it may have moved to another turf since the phone downloaded
  // it (an organiser's edit), and the knock still counts: it is kept under the turf the phone named.
  const current = cx.doorTurf.get(`${e.campaignId}:${e.addressId}`);
  if (current === undefined) return `door ${e.addressId}: not a door of campaign ${e.campaignId}`;
  if (!cx.anyTurf && !cx.assignedTurfs.has(e.turfId) && !cx.assignedTurfs.has(current)) return `turf ${e.turfId}: ${user.name} has never been assigned to it`;
  if (!cx.anyTurf && !heldAt(cx, e.turfId, e) && !heldAt(cx, current, e)) return `turf ${e.turfId}: ${user.name}'s assignment to it had ended when this was recorded (${new Date(e.at).toISOString()})`;
  // A canvasser records at doors of their turfs only: on one of them now, or on the turf named when they were given it.
  if (!cx.anyTurf && !cx.assignedTurfs.has(current) && !cx.heldDoors.has(`${e.turfId}:${e.addressId}`)) return `door ${e.addressId}: not on a turf ${user.name} was given`;
  if (e.personId === null) return null;
  const household = cx.doorHousehold.get(e.addressId);
  // Someone the organiser may not see gets the answer of someone who does not live there: nothing tells who lives where.
  const visible = cx.peopleInScope === null || cx.peopleInScope.has(e.personId);
  if (!visible || !household || !cx.personHouseholds.get(e.personId)?.has(household)) return `person ${e.personId}: does not live at door ${e.addressId}`;
  return null;
}

/**
 * Someone the gate shuts out now (no live consent for the campaign's purpose at the door, or
 * suppressed: withdrawn while the phone was offline, say) is not on the walk list: no answer and no
 * grant is taken for them. A "no" is always taken: a refusal, a do-not-contact, a withdrawal.
 */
function gateProblem(e: FieldEvent, cx: SyncContext): string | null {
  if (e.personId === null || !saysYes(e) || cx.reachable.get(e.campaignId)?.has(e.personId)) return null;
  const purpose = cx.campaigns.get(e.campaignId)!.purpose;
  return `person ${e.personId}: not on the walk list (no live consent to ${purpose} at the door, or not to be contacted); record the door without the person, or only a refusal`;
}

/** Results at which someone answered the door and spoke. */
const SPOKEN = new Set(['contacted']);
/** Results after which a "no" may be recorded (a refusal, a do-not-contact) but no "yes". */
const REFUSED = new Set(['refused', 'do_not_contact']);

/** Answers and consents only where someone spoke: nobody gives an opinion or a consent at a closed door. */
function resultProblem(e: FieldEvent): string | null {
  if (e.answers && Object.keys(e.answers).length && !SPOKEN.has(e.result)) return `answers: a door recorded as ${e.result} holds no answers (only contacted does)`;
  for (const [i, c] of (e.consents ?? []).entries()) {
    if (SPOKEN.has(e.result)) continue;
    if (!REFUSED.has(e.result)) return `consents[${i}]: a door recorded as ${e.result} holds no consents (only contacted, refused and do_not_contact do)`;
    if (c.granted) return `consents[${i}]: a door recorded as ${e.result} may withdraw a consent, not grant one`;
  }
  return null;
}

/** Why an event cannot be stored (unknown campaign, turf, door, person, question, option, consent), or null. */
export function eventProblem(e: FieldEvent, cx: SyncContext, user: Actor): string | null {
  const place = placeProblem(e, cx, user) ?? gateProblem(e, cx);
  if (place) return place;
  const campaign = cx.campaigns.get(e.campaignId)!;
  const outcome = resultProblem(e);
  if (outcome) return outcome;
  for (const [qid, v] of Object.entries(e.answers ?? {})) {
    const q = campaign.script.questions.find((x) => x.id === qid);
    if (!q) return `answers.${clip(qid)}: no such question in the script of campaign ${campaign.id}`;
    const problem = answerProblem(q, v);
    if (problem) return `answers.${qid}: ${problem}`;
  }
  if (e.noticeVersion !== undefined && !cx.notices.get(campaign.id)?.has(e.noticeVersion)) {
    return `noticeVersion: "${clip(e.noticeVersion)}" is no notice of campaign ${campaign.id} (it has had ${[...(cx.notices.get(campaign.id) ?? [])].map((v) => `"${v}"`).join(', ') || 'none'})`;
  }
  for (const [i, c] of (e.consents ?? []).entries()) {
    if (e.personId === null) return `consents[${i}]: expected a person (personId) to record a consent for`;
    if (!campaign.script.consents.some((s) => s.purpose === c.purpose && s.channel === c.channel)) return `consents[${i}]: ${c.purpose}/${c.channel} is not asked by the script of campaign ${campaign.id}`;
  }
  return null;
}
