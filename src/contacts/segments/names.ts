import type { ContactsDb } from '../tables';
import type { Condition } from './definition';

/** The ids of the tags and fields a condition names; a name missing here is unknown to the store. */
export interface NameIds {
  readonly tags: ReadonlyMap<string, number>;
  readonly fields: ReadonlyMap<string, number>;
}

function collect(c: Condition, tags: Set<string>, fields: Set<string>): void {
  if ('all' in c) c.all.forEach((x) => collect(x, tags, fields));
  else if ('any' in c) c.any.forEach((x) => collect(x, tags, fields));
  else if ('not' in c) collect(c.not, tags, fields);
  else if ('tag' in c) tags.add(c.tag.toLowerCase());
  else if ('field' in c) fields.add(c.field);
}

/**
 * Looks up the tags and fields a condition names, so that the count's SQL carries their ids as
 * constants: PostgreSQL then knows a tag's members are unique people and walks them into
 * `people` by key, instead of hashing them against every person (a count of 73,495 tagged people
 * among a million: ~150 ms instead of ~250–600 ms on the development machine).
 */
export async function nameIds(db: ContactsDb, c: Condition): Promise<NameIds> {
  const tags = new Set<string>();
  const fields = new Set<string>();
  collect(c, tags, fields);
  const ids = async (table: 'tags' | 'fields', names: Set<string>): Promise<Map<string, number>> =>
    names.size ? new Map((await db.selectFrom(table).select(['id', 'name']).where('name', 'in', [...names]).execute()).map((r) => [r.name, Number(r.id)])) : new Map();
  return { tags: await ids('tags', tags), fields: await ids('fields', fields) };
}
