// Segment counts over the imported people: median of runs of `countSegment`, with and without the
// gate of a use, on one store.
import { audienceQuery } from '../../src/contacts/audience';
import type { PeopleEb } from '../../src/contacts/gate';
import { inScope } from '../../src/contacts/scope';
import { compileCondition } from '../../src/contacts/segments/compile';
import { countSegment } from '../../src/contacts/segments/count';
import type { Condition } from '../../src/contacts/segments/definition';
import { nameIds } from '../../src/contacts/segments/names';
import { contactsDb } from '../../src/contacts/tables';
import type { Store } from '../../src/store';

export interface SegmentTiming {
  readonly name: string;
  readonly gated: boolean;
  readonly count: number;
  readonly ms: number;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

/** Typical segments, their values taken from the data (the most common tag, interest and areas). */
export async function typicalSegments(store: Store): Promise<[string, Condition][]> {
  const db = contactsDb(store.db);
  const tag = await db.selectFrom('person_tags as pt').innerJoin('tags as t', 't.id', 'pt.tag_id').select('t.name').groupBy('t.name').orderBy((eb) => eb.fn.countAll(), 'desc').executeTakeFirstOrThrow();
  const interest = await db
    .selectFrom('person_fields as pf')
    .innerJoin('fields as f', 'f.id', 'pf.field_id')
    .select('pf.value')
    .where('f.name', '=', 'interest')
    .groupBy('pf.value')
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .executeTakeFirst();
  const areas = await db.selectFrom('people').select('area').where('area', 'is not', null).groupBy('area').orderBy('area').limit(5).execute();
  return [
    [`tag = ${tag.name}`, { tag: tag.name }],
    ['support ≥ 4 AND volunteer', { all: [{ support: { gte: 4 } }, { volunteer: true }] }],
    [`interest = ${interest?.value ?? 'x'} AND born ≤ 1970`, { all: [{ field: 'interest', op: 'eq', value: interest?.value ?? 'x' }, { birthYear: { lte: 1970 } }] }],
    [`area in (${areas.length} areas)`, { area: areas.map((a) => a.area!) }],
    ['everyone', { all: [] }],
  ];
}

export async function timeSegments(store: Store, segments: readonly [string, Condition][], runs: number): Promise<SegmentTiming[]> {
  const db = contactsDb(store.db);
  const out: SegmentTiming[] = [];
  for (const [name, condition] of segments) {
    for (const gated of [false, true]) {
      const q = { condition, scope: { kind: 'all' } as const, now: Date.now(), ...(gated ? { use: { purpose: 'newsletter', channel: 'email' as const } } : {}) };
      const ms: number[] = [];
      let count = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        count = await countSegment(db, q);
        ms.push(performance.now() - t);
      }
      out.push({ name, gated, count, ms: median(ms) });
    }
  }
  return out;
}

/** The plan of each segment count (the query `countSegment` runs), for `BENCH_EXPLAIN=1`. */
export async function explainSegments(store: Store, segments: readonly [string, Condition][]): Promise<void> {
  const db = contactsDb(store.db);
  for (const [name, condition] of segments) {
    for (const gated of [false, true]) {
      const scope = { kind: 'all' } as const;
      const ids = await nameIds(db, condition);
      const q = gated
        ? audienceQuery(db, { use: { purpose: 'newsletter', channel: 'email' }, condition, scope, now: Date.now(), ids })
        : db.selectFrom('people as p').where((eb: PeopleEb) => eb.and([compileCondition(eb, condition, Date.now(), ids), inScope(eb, scope)]));
      const c = q.select((eb) => eb.fn.countAll().as('n')).compile();
      const plan = await store.db.executeQuery({ ...c, sql: `${store.dialect === 'postgres' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${c.sql}` });
      console.log(`\n${name}${gated ? ' + gate' : ''}`);
      for (const row of plan.rows as Record<string, unknown>[]) console.log(`  ${String(row.detail ?? row['QUERY PLAN'])}`);
    }
  }
}
