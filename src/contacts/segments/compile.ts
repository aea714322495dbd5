import type { Expression, SqlBool } from 'kysely';
import type { PeopleEb } from '../gate';
import type { Condition, Leaf } from './definition';
import type { NameIds } from './names';

type Range = { gte?: number | undefined; lte?: number | undefined };

/**
 * A condition on a column people may leave blank, true or false but never unknown: `p.gender IN
 * ('female')` is NULL for someone of no recorded gender, and NOT of it NULL again, so "not
 * female" would leave out everyone whose gender is not known. A blank is simply not a match.
 */
function known(eb: PeopleEb, column: 'p.support' | 'p.birth_year' | 'p.area' | 'p.language' | 'p.gender', ...conditions: Expression<SqlBool>[]): Expression<SqlBool> {
  return eb.and([eb(column, 'is not', null), ...conditions]);
}

function inRange(eb: PeopleEb, column: 'p.support' | 'p.birth_year', r: Range): Expression<SqlBool> {
  const bounds: Expression<SqlBool>[] = [];
  if (r.gte !== undefined) bounds.push(eb(column, '>=', r.gte));
  if (r.lte !== undefined) bounds.push(eb(column, '<=', r.lte));
  return known(eb, column, ...bounds);
}

// Age as the ageBand of normalise/demography counts it: this year minus the birth year.
const BANDS: Record<string, [number, number]> = { 'under 18': [0, 17], '18-24': [18, 24], '25-34': [25, 34], '35-44': [35, 44], '45-54': [45, 54], '55-64': [55, 64], '65+': [65, 150] };

function birthYears(band: string, now: number): Range {
  const year = new Date(now).getUTCFullYear();
  const [low, high] = BANDS[band]!;
  return { gte: year - high, lte: year - low };
}

const SQL_OPS = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function field(eb: PeopleEb, c: Extract<Leaf, { field: string }>, ids: NameIds | undefined): Expression<SqlBool> {
  const id = ids?.fields.get(c.field);
  if (ids && id === undefined) return eb.lit(false); // no such field: no one has a value for it
  let q = eb
    .selectFrom('person_fields as pf')
    .select('pf.person_id')
    .where('pf.field_id', '=', id ?? eb.selectFrom('fields').select('fields.id').where('fields.name', '=', c.field));
  if (c.op === 'contains') q = q.where('pf.value', 'like', `%${String(c.value ?? '').replace(/[%_\\]/g, (x) => `\\${x}`)}%`);
  else if (c.op !== 'exists') {
    q = typeof c.value === 'number' ? q.where('pf.num', SQL_OPS[c.op], c.value) : q.where('pf.value', SQL_OPS[c.op], String(c.value ?? ''));
  }
  return eb('p.id', 'in', q);
}

/** Tags are stored lower-case (imports fold them): `tag=Volunteer` is the tag volunteer. */
function tag(eb: PeopleEb, given: string, ids: NameIds | undefined): Expression<SqlBool> {
  const name = given.toLowerCase();
  const id = ids?.tags.get(name);
  if (ids && id === undefined) return eb.lit(false); // no such tag: no one has it
  return eb('p.id', 'in', eb.selectFrom('person_tags as pt').select('pt.person_id').where('pt.tag_id', '=', id ?? eb.selectFrom('tags').select('tags.id').where('tags.name', '=', name)));
}

function leaf(eb: PeopleEb, c: Leaf, now: number, ids: NameIds | undefined): Expression<SqlBool> {
  if ('tag' in c) return tag(eb, c.tag, ids);
  if ('field' in c) return field(eb, c, ids);
  if ('support' in c) return inRange(eb, 'p.support', c.support);
  if ('birthYear' in c) return inRange(eb, 'p.birth_year', c.birthYear);
  if ('ageBand' in c) return eb.or(c.ageBand.map((band) => inRange(eb, 'p.birth_year', birthYears(band, now))));
  if ('volunteer' in c) return eb('p.volunteer', '=', c.volunteer ? 1 : 0);
  if ('area' in c) return known(eb, 'p.area', eb('p.area', 'in', c.area));
  if ('language' in c) return known(eb, 'p.language', eb('p.language', 'in', c.language));
  if ('gender' in c) return known(eb, 'p.gender', eb('p.gender', 'in', c.gender));
  if ('activity' in c) {
    let q = eb.selectFrom('activities as a').select('a.person_id');
    if (c.activity.kind) q = q.where('a.kind', '=', c.activity.kind);
    if (c.activity.channel) q = q.where('a.channel', '=', c.activity.channel);
    if (c.activity.sinceDays) q = q.where('a.at', '>=', now - c.activity.sinceDays * 86_400_000);
    return eb('p.id', 'in', q);
  }
  return eb(
    'p.id',
    'in',
    eb.selectFrom('consent_state as cs').select('cs.person_id').where('cs.purpose', '=', c.consent.purpose).where('cs.channel', '=', c.consent.channel).where('cs.granted', '=', 1),
  );
}

/**
 * A segment's condition as SQL over `people p`, evaluated in the database. Sub-conditions on
 * other tables are `p.id IN (…)` so that both SQLite and PostgreSQL can drive from the
 * smaller side (a tag's few members, or a range of `people`). With `ids` (from `nameIds`), tags
 * and fields are matched by id, a constant the planner can use; without, by name in the query.
 */
export function compileCondition(eb: PeopleEb, c: Condition, now = Date.now(), ids?: NameIds): Expression<SqlBool> {
  if ('all' in c) return c.all.length ? eb.and(c.all.map((x) => compileCondition(eb, x, now, ids))) : eb.lit(true);
  if ('any' in c) return c.any.length ? eb.or(c.any.map((x) => compileCondition(eb, x, now, ids))) : eb.lit(false);
  if ('not' in c) return eb.not(compileCondition(eb, c.not, now, ids));
  return leaf(eb, c, now, ids);
}
