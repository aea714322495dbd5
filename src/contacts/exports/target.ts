import { NotFoundError, UsageError } from '../../core/errors';
import type { AudienceInput } from '../audience';
import type { Use } from '../gate';
import type { Scope } from '../scope';
import type { Condition } from '../segments/definition';
import { getSegment } from '../segments/store';
import type { ContactsDb } from '../tables';

/** Whom to hand out: a condition, a saved segment (by name) or a list (by id); exactly one. */
export interface Target {
  readonly condition?: Condition | undefined;
  readonly segment?: string | undefined;
  readonly listId?: number | undefined;
}

/** The audience of a target for a use, resolved once (a segment's definition is read now). */
export async function resolveTarget(db: ContactsDb, target: Target, use: Use, scope: Scope, now: number): Promise<AudienceInput> {
  const given = [target.condition, target.segment, target.listId].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UsageError(`expected exactly one of a condition, a segment or a list, found ${given}`);
  if (target.segment !== undefined) return { use, scope, now, condition: (await getSegment(db, target.segment)).condition };
  if (target.listId !== undefined) {
    const list = await db.selectFrom('contact_lists').select('id').where('id', '=', target.listId).executeTakeFirst();
    if (!list) throw new NotFoundError(`list ${target.listId}: no such list`);
    return { use, scope, now, listId: target.listId };
  }
  return { use, scope, now, condition: target.condition };
}

/** A target described without personal data, for the audit log. */
export function describeTarget(target: Target): Record<string, unknown> {
  if (target.segment !== undefined) return { segment: target.segment };
  if (target.listId !== undefined) return { list: target.listId };
  return { condition: true };
}
