import { audienceQuery } from '../../contacts/audience';
import { contactsDb } from '../../contacts/tables';
import type { Script } from '../campaigns/script';
import type { Campaign } from '../campaigns/store';
import { campaignsById } from '../campaigns/store';
import type { FieldDb } from '../tables';

/** A person the canvasser may knock for: the gate let them through for the campaign's purpose at the door. Nothing else about them. */
export interface PackagePerson {
  readonly id: number;
  readonly givenName: string | null;
  readonly familyName: string | null;
}

export interface PackageDoor {
  readonly addressId: number;
  readonly seq: number;
  readonly street: string | null;
  readonly number: string | null;
  readonly postcode: string | null;
  readonly city: string | null;
  readonly lat: number;
  readonly lon: number;
  /** Households at the point (24 for a block of flats). */
  readonly doors: number;
  readonly state: { result: string; dnc: boolean } | null;
  readonly people: PackagePerson[];
}

export interface PackageTurf {
  readonly id: number;
  readonly campaignId: number;
  readonly areaId: string;
  readonly number: number;
  readonly version: number;
  /** The live lock, if any (whoever holds it). */
  readonly lock: { user: string; expiresAt: number } | null;
  /** In walking order. */
  readonly doors: PackageDoor[];
}

export interface PackageAssignment {
  readonly id: number;
  readonly campaignId: number;
  readonly turfId: number;
  readonly slot: string | null;
  /** The other member of the pair, if any. */
  readonly partner: string | null;
  readonly endsAt: number | null;
}

export interface PackageCampaign {
  readonly id: number;
  readonly name: string;
  readonly purpose: string;
  readonly noticeVersion: string;
  readonly lockHours: number;
  readonly script: Script;
}

/** What `GET /api/field/my` hands a canvasser's phone. */
export interface FieldPackage {
  readonly user: string;
  readonly at: number;
  readonly assignments: PackageAssignment[];
  readonly campaigns: PackageCampaign[];
  readonly turfs: PackageTurf[];
  /** Turfs of this user's assignments ended in the last 30 days (and not assigned again): the phone deletes their data once its outbox is empty. */
  readonly ended: number[];
}

const DAY = 86_400_000;
export const ENDED_DAYS = 30;

async function activeAssignments(db: FieldDb, user: string, now: number): Promise<PackageAssignment[]> {
  const rows = await db
    .selectFrom('field_assignments')
    .select(['id', 'campaign_id', 'turf_id', 'slot', 'user_name', 'partner', 'ends_at'])
    .where('ended_at', 'is', null)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .where((eb) => eb.or([eb('user_name', '=', user), eb('partner', '=', user)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), campaignId: Number(r.campaign_id), turfId: Number(r.turf_id), slot: r.slot, partner: r.user_name === user ? r.partner : r.user_name, endsAt: r.ends_at === null ? null : Number(r.ends_at) }));
}

async function endedTurfs(db: FieldDb, user: string, now: number, active: ReadonlySet<number>): Promise<number[]> {
  const since = now - ENDED_DAYS * DAY;
  const rows = await db
    .selectFrom('field_assignments')
    .select('turf_id')
    .distinct()
    .where((eb) => eb.or([eb('user_name', '=', user), eb('partner', '=', user)]))
    .where((eb) => eb.or([eb.and([eb('ended_at', 'is not', null), eb('ended_at', '>', since)]), eb.and([eb('ended_at', 'is', null), eb('ends_at', '<=', now), eb('ends_at', '>', since)])]))
    .execute();
  return rows.map((r) => Number(r.turf_id)).filter((t) => !active.has(t)).sort((a, b) => a - b);
}

/**
 * The people at the households of these doors who pass the gate for (purpose, door). The query is
 * built by `audienceQuery`, the one gated path; its scope is everyone because the canvasser's reach
 * here is their assignment, which the household condition (their turfs' doors) already bounds.
 */
async function peopleAt(db: FieldDb, purpose: string, households: readonly string[], now: number): Promise<Map<string, PackagePerson[]>> {
  const byHousehold = new Map<string, PackagePerson[]>();
  for (let i = 0; i < households.length; i += 500) {
    const rows = await audienceQuery(contactsDb(db), { use: { purpose, channel: 'door' }, scope: { kind: 'all' }, now })
      .innerJoin('addresses as ad', 'ad.person_id', 'p.id')
      .where('ad.household', 'in', households.slice(i, i + 500))
      .select(['p.id', 'p.given_name', 'p.family_name', 'ad.household'])
      .distinct()
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .orderBy('p.id')
      .execute();
    for (const r of rows) {
      const list = byHousehold.get(r.household!) ?? [];
      if (!list.some((p) => p.id === Number(r.id))) list.push({ id: Number(r.id), givenName: r.given_name, familyName: r.family_name });
      byHousehold.set(r.household!, list);
    }
  }
  return byHousehold;
}

async function turfDoors(db: FieldDb, turf: { id: number; campaign_id: number }, purpose: string, now: number): Promise<PackageDoor[]> {
  const rows = await db
    .selectFrom('field_turf_doors as td')
    .innerJoin('field_addresses as a', 'a.id', 'td.address_id')
    .leftJoin('field_door_state as s', (j) => j.onRef('s.campaign_id', '=', 'td.campaign_id').onRef('s.address_id', '=', 'td.address_id'))
    .select(['td.address_id', 'td.seq', 'a.street', 'a.number', 'a.postcode', 'a.city', 'a.lat', 'a.lon', 'a.doors', 'a.household', 's.result', 's.dnc'])
    .where('td.turf_id', '=', turf.id)
    .where('td.campaign_id', '=', turf.campaign_id)
    .orderBy('td.seq')
    .execute();
  const people = await peopleAt(db, purpose, [...new Set(rows.flatMap((r) => (r.household ? [r.household] : [])))], now);
  return rows.map((r) => ({
    addressId: Number(r.address_id), seq: Number(r.seq), street: r.street, number: r.number, postcode: r.postcode, city: r.city, lat: Number(r.lat), lon: Number(r.lon), doors: Number(r.doors),
    state: r.result === null ? null : { result: r.result, dnc: Number(r.dnc) === 1 },
    people: r.household ? (people.get(r.household) ?? []) : [],
  }));
}

function campaignOf(c: Campaign): PackageCampaign {
  return { id: c.id, name: c.name, purpose: c.purpose, noticeVersion: c.noticeVersion, lockHours: c.lockHours, script: c.script };
}

/** The canvasser's package for the phone: their live assignments, turfs with doors and the people the gate lets through, scripts, locks, and turfs to forget. */
export async function packageFor(db: FieldDb, user: string, now = Date.now()): Promise<FieldPackage> {
  const assignments = await activeAssignments(db, user, now);
  const turfIds = [...new Set(assignments.map((a) => a.turfId))];
  const campaigns = await campaignsById(db, assignments.map((a) => a.campaignId));
  const turfRows = turfIds.length ? await db.selectFrom('field_turfs').selectAll().where('id', 'in', turfIds).orderBy('id').execute() : [];
  const locks = turfIds.length ? await db.selectFrom('field_locks').select(['turf_id', 'user_name', 'expires_at']).where('turf_id', 'in', turfIds).where('expires_at', '>', now).execute() : [];
  const turfs: PackageTurf[] = [];
  for (const t of turfRows) {
    const lock = locks.find((l) => Number(l.turf_id) === Number(t.id));
    const campaign = campaigns.get(Number(t.campaign_id))!;
    const doors = await turfDoors(db, { id: Number(t.id), campaign_id: Number(t.campaign_id) }, campaign.purpose, now);
    turfs.push({ id: Number(t.id), campaignId: Number(t.campaign_id), areaId: t.area_id, number: Number(t.number), version: Number(t.version), lock: lock ? { user: lock.user_name, expiresAt: Number(lock.expires_at) } : null, doors });
  }
  const ended = await endedTurfs(db, user, now, new Set(turfIds));
  return { user, at: now, assignments, campaigns: [...campaigns.values()].map(campaignOf), turfs, ended };
}
