import type { SelectQueryBuilder } from 'kysely';
import type { PeopleEb, Use } from './gate';
import { reachable } from './gate';
import type { Scope } from './scope';
import { inScope } from './scope';
import type { Condition } from './segments/definition';
import { compileCondition } from './segments/compile';
import type { NameIds } from './segments/names';
import type { ContactsDb, ContactTables } from './tables';

/** People aliased `p`, nothing selected yet: the caller selects what it needs (ids, count, names). */
export type PeopleQuery = SelectQueryBuilder<ContactTables & { p: ContactTables['people'] }, 'p', object>;

export interface AudienceInput {
  /** What the people are selected for: no one without a live consent for it gets through. */
  readonly use: Use;
  /** A segment's condition; none means everyone (still gated). */
  readonly condition?: Condition | undefined;
  /** Only the members of this list (its snapshot), re-checked against the gate now. */
  readonly listId?: number | undefined;
  /** Whom the acting user may see. */
  readonly scope: Scope;
  readonly now: number;
  /** The ids of the tags and fields the condition names, when the caller looked them up (`nameIds`). */
  readonly ids?: NameIds | undefined;
}

/**
 * THE way to select people for a use. Every path that hands people out — exports, audience
 * files, lists and their members, segment counts for a use, the canvass app — builds its
 * query here, so the consent and suppression gate (`reachable`) and the user's scope
 * (`inScope`) are always applied and cannot be forgotten. Callers may add ordering, paging and
 * their select list, but must not select people for a use any other way.
 */
export function audienceQuery(db: ContactsDb, input: AudienceInput): PeopleQuery {
  return db.selectFrom('people as p').where((eb: PeopleEb) => {
    const parts = [reachable(eb, input.use), inScope(eb, input.scope)];
    if (input.condition) parts.push(compileCondition(eb, input.condition, input.now, input.ids));
    if (input.listId !== undefined) {
      const listId = input.listId;
      parts.push(eb('p.id', 'in', eb.selectFrom('list_members as lm').select('lm.person_id').where('lm.list_id', '=', listId)));
      // People taken off a list (erasure, objection) stay off even if a member row lingers.
      parts.push(eb.not(eb.exists(eb.selectFrom('list_removals as lr').select('lr.person_id').whereRef('lr.person_id', '=', 'p.id').where('lr.list_id', '=', listId))));
    }
    return eb.and(parts);
  });
}
