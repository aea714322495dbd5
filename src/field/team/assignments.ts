import { InputError, NotFoundError } from '../../core/errors';
import { reserveIds } from '../../contacts/ids';
import { contactsDb } from '../../contacts/tables';
import type { FieldDb, FieldTables } from '../tables';
import type { TeamTurf } from './types';

/** A turf handed to a canvasser (and their partner, when walking in pairs). */
export interface Assignment {
  readonly id: number;
  readonly campaignId: number;
  readonly turfId: number;
  /** The turf's number and area; null once the turf was merged away or cut again (the assignment is kept). */
  readonly turfNumber: number | null;
  readonly areaId: string | null;
  readonly user: string;
  readonly partner: string | null;
  readonly slot: string | null;
  readonly assignedBy: string;
  readonly assignedAt: number;
  readonly endsAt: number | null;
  readonly endedAt: number | null;
}

export interface SaveAssignments {
  readonly campaignId: number;
  /** The turfs and who walks them, as `assignTeams` hands them out. */
  readonly turfs: readonly TeamTurf[];
  readonly slot?: string | null | undefined;
  readonly assignedBy: string;
  readonly endsAt?: number | null | undefined;
  readonly now?: number | undefined;
}

type Row = FieldTables['field_assignments'];
const BATCH = 500;

/**
 * One row per walker on a turf: a lone canvasser (partner null), or a pair (the first as user, the
 * second as partner — how the sync and locks read a pair). Should three ever walk together, the
 * third gets a row of their own.
 */
function walkerRows(turf: TeamTurf): { user: string; partner: string | null }[] {
  const rows: { user: string; partner: string | null }[] = [];
  for (let k = 0; k < turf.users.length; k += 2) rows.push({ user: turf.users[k]!, partner: turf.users[k + 1] ?? null });
  return rows;
}

async function checkTurfs(db: FieldDb, campaignId: number, turfIds: readonly number[]): Promise<void> {
  const campaign = await db.selectFrom('field_campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new NotFoundError(`campaign ${campaignId}: no such campaign`);
  const found = new Set<number>();
  for (let i = 0; i < turfIds.length; i += BATCH) {
    const rows = await db.selectFrom('field_turfs').select('id').where('campaign_id', '=', campaignId).where('id', 'in', turfIds.slice(i, i + BATCH)).execute();
    rows.forEach((r) => found.add(Number(r.id)));
  }
  const stranger = turfIds.find((t) => !found.has(t));
  if (stranger !== undefined) throw new InputError(`turf ${stranger}: expected a turf of campaign ${campaignId}, found none`);
}

/**
 * Saves who walks which turf, in one transaction: the live assignments of these turfs for the
 * campaign end (`ended_at` = now; phones drop their data at the next sync), then the new rows are
 * written with ids from the `field_assignments` counter. Turfs with no walker only end the old ones.
 */
export async function saveAssignments(db: FieldDb, input: SaveAssignments): Promise<{ ended: number; assignments: Assignment[] }> {
  const now = input.now ?? Date.now();
  const turfIds = [...new Set(input.turfs.map((t) => t.turfId))];
  if (turfIds.length !== input.turfs.length) throw new InputError('turfs: expected each turf once');
  return db.transaction().execute(async (trx) => {
    await checkTurfs(trx, input.campaignId, turfIds);
    let ended = 0;
    for (let i = 0; i < turfIds.length; i += BATCH) {
      const r = await trx.updateTable('field_assignments').set({ ended_at: now }).where('campaign_id', '=', input.campaignId).where('turf_id', 'in', turfIds.slice(i, i + BATCH)).where('ended_at', 'is', null).executeTakeFirst();
      ended += Number(r.numUpdatedRows);
    }
    const walkers = input.turfs.flatMap((t) => walkerRows(t).map((w) => ({ turfId: t.turfId, ...w })));
    const first = await reserveIds(contactsDb(trx), 'field_assignments', walkers.length);
    const rows: Row[] = walkers.map((w, k) => ({ id: first + k, campaign_id: input.campaignId, turf_id: w.turfId, user_name: w.user, partner: w.partner, assigned_by: input.assignedBy, slot: input.slot ?? null, assigned_at: now, ends_at: input.endsAt ?? null, ended_at: null }));
    for (let i = 0; i < rows.length; i += BATCH) await trx.insertInto('field_assignments').values(rows.slice(i, i + BATCH)).execute();
    return { ended, assignments: rows.length ? await assignmentsWhere(trx, (q) => q.where('a.id', '>=', first).where('a.id', '<', first + rows.length)) : [] };
  });
}

type Query = ReturnType<typeof base>;

function base(db: FieldDb) {
  return db
    .selectFrom('field_assignments as a')
    .leftJoin('field_turfs as t', 't.id', 'a.turf_id')
    .select(['a.id', 'a.campaign_id', 'a.turf_id', 't.number', 't.area_id', 'a.user_name', 'a.partner', 'a.slot', 'a.assigned_by', 'a.assigned_at', 'a.ends_at', 'a.ended_at']);
}

async function assignmentsWhere(db: FieldDb, where: (q: Query) => Query): Promise<Assignment[]> {
  const rows = await where(base(db)).orderBy('t.area_id').orderBy('t.number').orderBy('a.id').execute();
  const n = (x: number | null): number | null => (x === null ? null : Number(x));
  return rows.map((r) => ({ id: Number(r.id), campaignId: Number(r.campaign_id), turfId: Number(r.turf_id), turfNumber: r.number === null ? null : Number(r.number), areaId: r.area_id, user: r.user_name, partner: r.partner, slot: r.slot, assignedBy: r.assigned_by, assignedAt: Number(r.assigned_at), endsAt: n(r.ends_at), endedAt: n(r.ended_at) }));
}

/** Ends an assignment now (the phone drops the turf at its next sync); ending it twice keeps the first end. */
export async function endAssignment(db: FieldDb, id: number, now = Date.now()): Promise<Assignment> {
  await db.updateTable('field_assignments').set({ ended_at: now }).where('id', '=', id).where('ended_at', 'is', null).execute();
  const [found] = await assignmentsWhere(db, (q) => q.where('a.id', '=', id));
  if (!found) throw new NotFoundError(`assignment ${id}: no such assignment`);
  return found;
}

/** The user's live assignments (alone or as a partner), in every campaign. */
export async function activeAssignmentsOf(db: FieldDb, user: string): Promise<Assignment[]> {
  return assignmentsWhere(db, (q) => q.where('a.ended_at', 'is', null).where((eb) => eb.or([eb('a.user_name', '=', user), eb('a.partner', '=', user)])));
}

/** A campaign's assignments by area and turf: the live ones, or with `all` the ended ones too. */
export async function campaignAssignments(db: FieldDb, campaignId: number, options: { all?: boolean } = {}): Promise<Assignment[]> {
  return assignmentsWhere(db, (q) => {
    const inCampaign = q.where('a.campaign_id', '=', campaignId);
    return options.all ? inCampaign : inCampaign.where('a.ended_at', 'is', null);
  });
}
