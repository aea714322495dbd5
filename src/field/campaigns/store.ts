import { InputError, NotFoundError } from '../../core/errors';
import { appendAudit } from '../../contacts/audit';
import { reserveIds } from '../../contacts/ids';
import { contactsDb } from '../../contacts/tables';
import { checkPurpose } from '../../contacts/vocabulary';
import type { AnyDb, DialectName } from '../../store';
import type { FieldDb, FieldTables } from '../tables';
import { fieldDb } from '../tables';
import type { Script } from './script';
import { noticeDigest, parseScript, storedScript } from './script';

/** A door-to-door campaign: what it is for (the consent purpose people must have given) and its script. */
export interface Campaign {
  readonly id: number;
  readonly name: string;
  readonly purpose: string;
  readonly script: Script;
  /** The notice version recorded with every consent granted at the door (the script's notice). */
  readonly noticeVersion: string;
  readonly lockHours: number;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface CampaignStore {
  readonly db: AnyDb;
  readonly dialect: DialectName;
}

export interface CreateCampaign {
  readonly name: string;
  readonly purpose?: string | undefined;
  /** The script as read (JSON): validated here. */
  readonly script: unknown;
  /** Where the script came from, for its errors (a file name); 'script' by default. */
  readonly scriptSource?: string | undefined;
  readonly lockHours?: number | undefined;
  readonly actor: string;
  readonly now?: number | undefined;
}

type Row = FieldTables['field_campaigns'];

function fromRow(r: Row): Campaign {
  const id = Number(r.id);
  const script = storedScript(r.script, id);
  return { id, name: r.name, purpose: r.purpose, script, noticeVersion: r.notice_version ?? script.notice.version, lockHours: Number(r.lock_hours), createdBy: r.created_by, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

function checkLockHours(h: number): number {
  if (!Number.isInteger(h) || h < 1 || h > 168) throw new InputError(`lock hours: expected a whole number of hours from 1 to 168, found ${h}`);
  return h;
}

export async function createCampaign(store: CampaignStore, input: CreateCampaign): Promise<Campaign> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new InputError(`campaign name: expected 1 to 100 characters, found ${name.length}`);
  const purpose = checkPurpose(input.purpose ?? 'canvassing', 'campaign purpose');
  const script = parseScript(input.script, input.scriptSource);
  const lockHours = checkLockHours(input.lockHours ?? 12);
  const now = input.now ?? Date.now();
  return fieldDb(store.db).transaction().execute(async (trx) => {
    if (await trx.selectFrom('field_campaigns').select('id').where('name', '=', name).executeTakeFirst()) throw new InputError(`campaign name: expected a new name, found ${JSON.stringify(name)} already used`);
    const id = await reserveIds(contactsDb(trx), 'field_campaigns', 1);
    const row: Row = { id, name, purpose, script: JSON.stringify(script), created_by: input.actor, notice_version: script.notice.version, lock_hours: lockHours, created_at: now, updated_at: now };
    await trx.insertInto('field_campaigns').values(row).execute();
    await pinNotice(trx, id, script.notice, now);
    await appendAudit(trx, store.dialect, { actor: input.actor, action: 'field.campaign.create', subject: `campaign:${id}`, detail: { purpose, questions: script.questions.length, consents: script.consents.length, notice: script.notice.version } }, now);
    return fromRow(row);
  });
}

/** That campaign `id` exists, or a NotFoundError (exit 3, 404), without reading its script. */
export async function requireCampaign(db: FieldDb, id: number): Promise<void> {
  const row = await db.selectFrom('field_campaigns').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`campaign ${id}: no such campaign`);
}

export async function getCampaign(db: FieldDb, id: number): Promise<Campaign> {
  const row = await db.selectFrom('field_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`campaign ${id}: no such campaign`);
  return fromRow(row);
}

/** Campaigns by id (unknown ids are left out). */
export async function campaignsById(db: FieldDb, ids: readonly number[]): Promise<Map<number, Campaign>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('field_campaigns').selectAll().where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [Number(r.id), fromRow(r)]));
}

/** Every campaign, newest first; with `forUser`, only those where the user has (or had) an assignment, alone or as a partner. */
export async function listCampaigns(db: FieldDb, options: { forUser?: string } = {}): Promise<Campaign[]> {
  let q = db.selectFrom('field_campaigns').selectAll().orderBy('id', 'desc');
  const user = options.forUser;
  if (user !== undefined) {
    q = q.where('id', 'in', db.selectFrom('field_assignments').select('campaign_id').where((eb) => eb.or([eb('user_name', '=', user), eb('partner', '=', user)])));
  }
  return (await q.execute()).map(fromRow);
}

/**
 * The next notice version when the notice's text changed but its version did not: a consent must
 * name the words the person was shown, so two texts never share a version. "2026-11" → "2026-11-r2" → "2026-11-r3".
 */
export function bumpedVersion(version: string): string {
  const m = /^(.*)-r(\d+)$/.exec(version);
  const [base, n] = m ? [m[1]!, Number(m[2]) + 1] : [version, 2];
  // Within the script's 40 characters: the base is shortened to make room for the suffix.
  const suffix = `-r${n}`;
  return `${base.slice(0, MAX_VERSION - suffix.length)}${suffix}`;
}

const MAX_VERSION = 40;

/**
 * Records that `version` names `text` in the campaign, or refuses when it named another text
 * before: a consent names the words the person was shown, so a version is never reused.
 */
async function pinNotice(trx: FieldDb, campaignId: number, notice: { version: string; text: string }, now: number): Promise<void> {
  const digest = noticeDigest(notice.text);
  await trx.insertInto('field_notices').values({ campaign_id: campaignId, version: notice.version, text_sha256: digest, first_at: now }).onConflict((oc) => oc.columns(['campaign_id', 'version']).doNothing()).execute();
  const held = await trx.selectFrom('field_notices').select(['text_sha256', 'first_at']).where('campaign_id', '=', campaignId).where('version', '=', notice.version).executeTakeFirstOrThrow();
  if (held.text_sha256 !== digest) {
    throw new InputError(`notice.version: "${notice.version}" named another notice text in this campaign (from ${new Date(Number(held.first_at)).toISOString()}); consents cite it, so give this text a new version`);
  }
}

/** Replaces a campaign's script (audited); the notice version moves only when the notice changed (bumped if the author kept it). */
export async function updateScript(store: CampaignStore, id: number, value: unknown, actor: string, now = Date.now()): Promise<Campaign> {
  let script = parseScript(value);
  return fieldDb(store.db).transaction().execute(async (trx) => {
    const before = await getCampaign(trx, id);
    const old = before.script.notice;
    if (script.notice.text !== old.text && script.notice.version === old.version) script = { ...script, notice: { ...script.notice, version: bumpedVersion(old.version) } };
    if (script.notice.text === old.text) script = { ...script, notice: old };
    await pinNotice(trx, id, script.notice, now);
    await trx.updateTable('field_campaigns').set({ script: JSON.stringify(script), notice_version: script.notice.version, updated_at: now }).where('id', '=', id).execute();
    await appendAudit(trx, store.dialect, { actor, action: 'field.campaign.script', subject: `campaign:${id}`, detail: { questions: script.questions.length, consents: script.consents.length, notice: script.notice.version } }, now);
    return { ...before, script, noticeVersion: script.notice.version, updatedAt: now };
  });
}
