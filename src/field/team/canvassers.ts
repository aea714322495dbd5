import type { Kysely } from 'kysely';
import { InputError } from '../../core/errors';
import { AGE_BANDS, ageBand, normaliseGender } from '../../contacts/normalise/demography';
import type { FieldDb, FieldTables } from '../tables';
import type { CanvasserInput } from './types';

/** A canvasser as stored: a server user, optionally a contacts volunteer, with home district, attributes and slots. */
export interface Canvasser extends CanvasserInput {
  readonly user: string;
  readonly personId: number | null;
  readonly district: string | null;
  readonly attributes: Readonly<Record<string, string>>;
  readonly availability: readonly string[];
  readonly updatedAt: number;
}

/** What to change: fields left out keep their stored value; `attributes` are merged key by key. */
export interface CanvasserChange {
  readonly user: string;
  readonly personId?: number | null | undefined;
  readonly district?: string | null | undefined;
  readonly attributes?: Readonly<Record<string, string>> | undefined;
  readonly availability?: readonly string[] | undefined;
}

const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const SLOT = /^[a-z0-9][a-z0-9_-]{0,31}$/;

type Row = FieldTables['field_canvassers'];

function fromRow(r: Row): Canvasser {
  return { user: r.user_name, personId: r.person_id === null ? null : Number(r.person_id), district: r.district, attributes: JSON.parse(r.attributes) as Record<string, string>, availability: JSON.parse(r.availability) as string[], updatedAt: Number(r.updated_at) };
}

/**
 * Checks and normalises attributes: `gender` to female/male/other (as contacts stores it, so that
 * a team compares with the people of its district), `age_band` to one of the contacts bands.
 */
export function checkAttributes(attributes: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(attributes)) {
    if (!NAME.test(name)) throw new InputError(`attribute name: expected lower-case letters, digits and _ (e.g. age_band), found ${JSON.stringify(name)}`);
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (!value || value.length > 64) throw new InputError(`attribute ${name}: expected a value of 1 to 64 characters, found ${JSON.stringify(raw)}`);
    if (name === 'gender') {
      const g = normaliseGender(value);
      if (!g) throw new InputError(`attribute gender: expected female, male or other (f, m, x, …), found ${JSON.stringify(value)}`);
      out[name] = g;
    } else if (name === 'age_band') {
      if (!(AGE_BANDS as readonly string[]).includes(value)) throw new InputError(`attribute age_band: expected one of ${AGE_BANDS.join(', ')}, found ${JSON.stringify(value)}`);
      out[name] = value;
    } else out[name] = value;
  }
  return out;
}

function checkSlots(slots: readonly string[]): string[] {
  for (const s of slots) if (!SLOT.test(s)) throw new InputError(`availability: expected slot names of lower-case letters, digits, - and _ (e.g. sat-am), found ${JSON.stringify(s)}`);
  return [...new Set(slots)];
}

async function checkUser(db: FieldDb, user: string): Promise<void> {
  const users = db as unknown as Kysely<{ users: { name: string; role: string } }>;
  const found = await users.selectFrom('users').select(['name', 'role']).where('name', '=', user).executeTakeFirst();
  if (!found) throw new InputError(`canvasser ${JSON.stringify(user)}: expected an existing server user (hustings users add), found none`);
  // Teams hand turfs to their members: only canvassers are put in them (not an organiser, nor an admin).
  if (found.role !== 'canvasser') throw new InputError(`canvasser ${JSON.stringify(user)}: expected a user with the canvasser role, found one with the ${found.role} role`);
}

/** A home district is a sample area (one imported, or one that turfs were cut in): a typo would leave the canvasser in no team. */
async function checkDistrict(db: FieldDb, district: string): Promise<void> {
  const area = await db.selectFrom('field_areas').select('id').where('id', '=', district).executeTakeFirst();
  if (area) return;
  const turf = await db.selectFrom('field_turfs').select('id').where('area_id', '=', district).limit(1).executeTakeFirst();
  if (!turf) throw new InputError(`district ${JSON.stringify(district.slice(0, 64))}: expected a sample area (made by hustings field areas import, auto or from-election, or one turfs were cut in), found none such`);
}

/** The volunteer's age band and gender from their contacts record, to fill what was not given. */
async function volunteerAttributes(db: FieldDb, personId: number, now: Date): Promise<Record<string, string>> {
  const p = await db.selectFrom('people').select(['volunteer', 'gender', 'birth_year']).where('id', '=', personId).executeTakeFirst();
  if (!p) throw new InputError(`person ${personId}: expected a contacts person, found none`);
  if (Number(p.volunteer) !== 1) throw new InputError(`person ${personId}: expected a volunteer (people.volunteer = 1), found someone who is not`);
  const known: Record<string, string> = {};
  if (p.gender) known.gender = p.gender;
  if (p.birth_year !== null) known.age_band = ageBand(Number(p.birth_year), now);
  return known;
}

/**
 * Sets a canvasser (creating them when new): the user must exist on the server; a linked person
 * must be a contacts volunteer, whose gender and age band fill the attributes not given.
 */
export async function setCanvasser(db: FieldDb, change: CanvasserChange, now = Date.now()): Promise<Canvasser> {
  await checkUser(db, change.user);
  const old = await getCanvasser(db, change.user);
  const personId = change.personId === undefined ? (old?.personId ?? null) : change.personId;
  if (personId !== null && !Number.isSafeInteger(personId)) throw new InputError(`person: expected a person id, found ${String(personId)}`);
  const fromPerson = personId !== null && personId !== old?.personId ? await volunteerAttributes(db, personId, new Date(now)) : {};
  const attributes = { ...fromPerson, ...(old?.attributes ?? {}), ...checkAttributes(change.attributes ?? {}) };
  const district = change.district === undefined ? (old?.district ?? null) : change.district?.trim() || null;
  if (district !== null && district !== old?.district) await checkDistrict(db, district);
  const availability = change.availability === undefined ? (old?.availability ?? []) : checkSlots(change.availability);
  const row: Row = { user_name: change.user, person_id: personId, district, attributes: JSON.stringify(attributes), availability: JSON.stringify(availability), updated_at: now };
  await db
    .insertInto('field_canvassers')
    .values(row)
    .onConflict((oc) => oc.column('user_name').doUpdateSet({ person_id: personId, district, attributes: row.attributes, availability: row.availability, updated_at: now }))
    .execute();
  return fromRow(row);
}

export async function getCanvasser(db: FieldDb, user: string): Promise<Canvasser | null> {
  const r = await db.selectFrom('field_canvassers').selectAll().where('user_name', '=', user).executeTakeFirst();
  return r ? fromRow(r) : null;
}

/** Every canvasser, by user name. */
export async function listCanvassers(db: FieldDb): Promise<Canvasser[]> {
  return (await db.selectFrom('field_canvassers').selectAll().orderBy('user_name').execute()).map(fromRow);
}
