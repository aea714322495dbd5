import { sql } from 'kysely';
import { InputError, NotFoundError } from '../../core/errors';
import type { Actor } from '../errors';
import { ForbiddenError } from '../errors';
import { reserveIds } from '../ids';
import type { ContactsDb } from '../tables';
import type { Condition } from './definition';
import { parseCondition } from './definition';

/** A named, saved segment definition. */
export interface Segment {
  readonly id: number;
  readonly name: string;
  readonly condition: Condition;
  readonly createdBy: string;
  readonly updatedAt: number;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,79}$/u;

function checkName(raw: string): string {
  // Spaces around a name are no part of it: "vols " is "vols", not a second segment beside it.
  const name = raw.trim();
  if (!NAME.test(name)) throw new InputError(`segment name: expected letters, digits, spaces, '_', '.' or '-' (up to 80), found ${JSON.stringify(raw)}`);
  return name;
}

function fromRow(r: { id: number; name: string; definition: string; created_by: string; updated_at: number }): Segment {
  let value: unknown;
  try {
    value = JSON.parse(r.definition);
  } catch {
    throw new InputError(`segment ${r.name}: the stored definition is not JSON`);
  }
  return { id: Number(r.id), name: r.name, condition: parseCondition(value, `segment ${r.name}`), createdBy: r.created_by, updatedAt: Number(r.updated_at) };
}

/**
 * Saves a segment under its name, replacing the definition of one of that name (its id stays)
 * only when `actor` made it or is an admin: an export or list made from a segment trusts its
 * definition, so nobody else may change what it selects.
 */
export async function saveSegment(db: ContactsDb, input: { name: string; condition: unknown; actor: Actor }, now = Date.now()): Promise<Segment> {
  const name = checkName(input.name);
  const condition = parseCondition(input.condition, `segment ${name}`);
  const definition = JSON.stringify(condition);
  const by = input.actor.name;
  return db.transaction().execute(async (trx) => {
    // One spelling per name: "Vols" beside "vols" would let an export or a list pick the other by mistake.
    const other = await trx.selectFrom('segments').select('name').where(sql`lower(name)`, '=', name.toLowerCase()).where('name', '!=', name).executeTakeFirst();
    if (other) throw new InputError(`segment name: ${JSON.stringify(name)} differs only by case from the segment ${JSON.stringify(other.name)}; save it under that name or another`);
    const existing = await trx.selectFrom('segments').select(['id', 'created_by']).where('name', '=', name).executeTakeFirst();
    if (existing) {
      if (existing.created_by !== by && input.actor.role !== 'admin') {
        throw new ForbiddenError(`segment ${JSON.stringify(name)} was saved by ${existing.created_by}: only they or an admin may replace it; save yours under another name`, by, 'contacts.segment.save');
      }
      await trx.updateTable('segments').set({ definition, created_by: by, updated_at: now }).where('id', '=', existing.id).execute();
      return { id: Number(existing.id), name, condition, createdBy: by, updatedAt: now };
    }
    const id = await reserveIds(trx, 'segments', 1);
    await trx.insertInto('segments').values({ id, name, definition, created_by: by, updated_at: now }).execute();
    return { id, name, condition, createdBy: by, updatedAt: now };
  });
}

export async function listSegments(db: ContactsDb): Promise<Segment[]> {
  return (await db.selectFrom('segments').selectAll().orderBy('name').execute()).map(fromRow);
}

/** The segment of that name; an InputError naming the known ones when there is none. */
export async function getSegment(db: ContactsDb, name: string): Promise<Segment> {
  const row = await db.selectFrom('segments').selectAll().where('name', '=', name.trim()).executeTakeFirst();
  if (row) return fromRow(row);
  const names = (await db.selectFrom('segments').select('name').orderBy('name').limit(20).execute()).map((r) => r.name);
  throw new NotFoundError(`segment ${JSON.stringify(name)}: no such segment; saved: ${names.length ? names.join(', ') : '(none)'}`);
}

/** Deletes a segment; false when there was none of that name. */
export async function deleteSegment(db: ContactsDb, name: string): Promise<boolean> {
  const r = await db.deleteFrom('segments').where('name', '=', name.trim()).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
