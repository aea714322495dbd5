import type SQLite from 'better-sqlite3';
import { lostError } from './lease';
import type { BatchContext, BatchOutcome, Checkpoint, ImportWriter } from './batch';
import type { BatchPlan, Candidate, Lookups, NamedPerson } from './plan-batch';
import { holdBackGrants, planBatch, sharersNeeded } from './plan-batch';
import type { Named } from '../normalise';
import { refusalsOf } from '../consent/refusals';
import type { PersonRow } from './row';
import { inFieldOrder, latestConsents, writesOf } from './writes';
import { withReachTriggersAside } from '../reach';

const SQL = {
  reserve: `INSERT INTO contact_counters (name, next) VALUES (?, ? + 1) ON CONFLICT (name) DO UPDATE SET next = next + excluded.next - 1 RETURNING next`,
  // A batch's lookups in one statement each: the keys go in as one JSON array.
  points: `SELECT cp.kind, cp.value, cp.person_id, p.given_name, p.family_name FROM contact_points cp JOIN people p ON p.id = cp.person_id
    WHERE cp.kind = ? AND cp.value IN (SELECT value FROM json_each(?))`,
  sharers: `SELECT r.other_id, p.id, p.given_name, p.family_name FROM review_queue r JOIN people p ON p.id = r.person_id
    WHERE r.kind = 'shared' AND r.person_id <> r.other_id AND r.other_id IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
  withdrawn: `SELECT person_id, purpose, channel FROM consent_state WHERE granted = 0 AND person_id IN (SELECT value FROM json_each(?))`,
  suppressed: `SELECT person_id, channel FROM suppressions WHERE person_id IN (SELECT value FROM json_each(?))`,
  blocks: `SELECT p.block_key, p.id, p.given_name, p.family_name, p.birth_year, a.street, a.postcode FROM people p LEFT JOIN addresses a ON a.person_id = p.id
    WHERE p.block_key IN (SELECT value FROM json_each(?))`,
  person: `INSERT INTO people (id, given_name, family_name, birth_year, gender, language, support, volunteer, area, block_key, source_id, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, 0), ?, ?, ?, ?, ?)`,
  fill: `UPDATE people SET given_name = COALESCE(given_name, @g), family_name = COALESCE(family_name, @f), birth_year = COALESCE(birth_year, @b),
    gender = COALESCE(gender, @ge), language = COALESCE(language, @l), support = COALESCE(support, @s), volunteer = MAX(volunteer, COALESCE(@v, 0)),
    area = COALESCE(area, @a), block_key = COALESCE(block_key, @k), updated_at = @now WHERE id = @id`,
  source: `INSERT INTO person_sources (person_id, source_id, line, at) VALUES (?, ?, ?, ?)`,
  pointInsert: `INSERT INTO contact_points (person_id, kind, value, source_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  address: `INSERT INTO addresses (person_id, street, postcode, city, country, household, source_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  tagId: `SELECT id FROM tags WHERE name = ?`,
  tag: `INSERT INTO tags (id, name) VALUES (?, ?)`,
  personTag: `INSERT INTO person_tags (person_id, tag_id, source_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  fieldId: `SELECT id FROM fields WHERE name = ?`,
  field: `INSERT INTO fields (id, name) VALUES (?, ?)`,
  personField: `INSERT INTO person_fields (person_id, field_id, value, num, source_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  consent: `INSERT INTO consents (id, person_id, purpose, channel, granted, source_id, at, actor, notice_version, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  state: `INSERT INTO consent_state (person_id, purpose, channel, granted, consent_id, at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (purpose, channel, person_id) DO UPDATE SET granted = excluded.granted, consent_id = excluded.consent_id, at = excluded.at
    WHERE excluded.at > consent_state.at OR (excluded.at = consent_state.at AND excluded.consent_id > consent_state.consent_id)`,
  review: `INSERT INTO review_queue (id, kind, person_id, other_id, score, reason, import_id, line, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
  checkpoint: `UPDATE contact_imports SET done_line = ?, counts = ?, bad = ?, held_until = ? WHERE id = ? AND held_by = ?`,
  suppress: `INSERT INTO suppressions (person_id, channel, reason, at, actor) VALUES (?, ?, 'on the do-not-contact list', ?, ?) ON CONFLICT DO NOTHING`,
} as const;

type Statements = { [K in keyof typeof SQL]: SQLite.Statement };

/** Batches of this many rows or more are written with the reach triggers set aside (smaller ones, such as a sign-up, let them fire). */
const TRIGGERS_ASIDE_FROM = 200;

/**
 * Pragmas for the time of a file import, on the import's connection: a 64 MB page cache instead
 * of better-sqlite3's 16 MB (more of the index pages that each batch touches stay in memory) and
 * a WAL checkpoint every 10,000 pages instead of 1,000 (fewer checkpoints, each with its fsync).
 * A 100,000-row import: 25.0 s → 22.5–23.4 s, alternated twice, for ~50 MB more RSS. Returns
 * what puts them back.
 */
export function importPragmas(db: SQLite.Database): () => void {
  const before = { cache: db.pragma('cache_size', { simple: true }), checkpoint: db.pragma('wal_autocheckpoint', { simple: true }) };
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 10000');
  return () => {
    db.pragma(`cache_size = ${Number(before.cache)}`);
    db.pragma(`wal_autocheckpoint = ${Number(before.checkpoint)}`);
  };
}

/**
 * The SQLite import writer: each batch in one synchronous transaction of prepared statements
 * (the looked-up people cannot change between the lookup and the write).
 */
export class SqliteImportWriter implements ImportWriter {
  private readonly s: Statements;
  private readonly tags = new Map<string, number>();
  private readonly fields = new Map<string, number>();

  constructor(private readonly db: SQLite.Database) {
    this.s = Object.fromEntries(Object.entries(SQL).map(([k, v]) => [k, db.prepare(v)])) as Statements;
  }

  private reserve(name: string, n: number): number {
    if (n === 0) return 0;
    return Number((this.s.reserve.get(name, n) as { next: number }).next) - n;
  }

  /** The batch's grants to known people who said no, held back for review (see holdBackGrants). */
  private holdBack(plan: BatchPlan): BatchPlan {
    if (plan.merged.size === 0) return holdBackGrants(plan, new Map());
    const ids = JSON.stringify([...plan.merged.keys()]);
    type W = { person_id: number; purpose: string; channel: string };
    return holdBackGrants(plan, refusalsOf(this.s.withdrawn.all(ids) as W[], this.s.suppressed.all(ids) as { person_id: number; channel: string }[]));
  }

  private lookups(rows: readonly PersonRow[]): Lookups {
    const points = new Map<string, number>();
    const names = new Map<number, Named>();
    for (const [kind, values] of [['email', rows.flatMap((r) => r.emails)], ['phone', rows.flatMap((r) => r.phones)]] as const) {
      if (values.length === 0) continue;
      type Hit = { value: string; person_id: number; given_name: string | null; family_name: string | null };
      for (const hit of this.s.points.all(kind, JSON.stringify(values)) as Hit[]) {
        points.set(`${kind}:${hit.value}`, Number(hit.person_id));
        names.set(Number(hit.person_id), { given: hit.given_name, family: hit.family_name });
      }
    }
    const sharers = new Map<number, NamedPerson[]>();
    const owners = sharersNeeded(rows, points, names);
    if (owners.length) {
      for (const r of this.s.sharers.all(JSON.stringify(owners)) as { other_id: number; id: number; given_name: string | null; family_name: string | null }[]) {
        const list = sharers.get(Number(r.other_id)) ?? sharers.set(Number(r.other_id), []).get(Number(r.other_id))!;
        list.push({ id: Number(r.id), given: r.given_name, family: r.family_name });
      }
    }
    const blocks = new Map<string, Candidate[]>();
    const keys = [...new Set(rows.map((r) => r.blockKey).filter((k): k is string => k !== null))];
    if (keys.length === 0) return { points, names, sharers, blocks };
    type Found = { block_key: string; id: number; given_name: string | null; family_name: string | null; birth_year: number | null; street: string | null; postcode: string | null };
    for (const c of this.s.blocks.all(JSON.stringify(keys)) as Found[]) {
      const list = blocks.get(c.block_key) ?? blocks.set(c.block_key, []).get(c.block_key)!;
      list.push({ id: Number(c.id), given: c.given_name, family: c.family_name, birthYear: c.birth_year, street: c.street, postcode: c.postcode });
    }
    // The candidates in the order of a lookup by block key (the index's: by id), as ties go to the first.
    for (const list of blocks.values()) list.sort((a, b) => a.id - b.id);
    return { points, names, sharers, blocks };
  }

  private idOf(cache: Map<string, number>, name: string, find: SQLite.Statement, insert: SQLite.Statement, counter: string): number {
    let id = cache.get(name);
    if (id !== undefined) return id;
    const hit = find.get(name) as { id: number } | undefined;
    if (hit) id = Number(hit.id);
    else insert.run((id = this.reserve(counter, 1)), name);
    cache.set(name, id);
    return id;
  }

  async batch(rows: readonly PersonRow[], flagged: readonly number[], ctx: BatchContext, checkpoint: Checkpoint): Promise<BatchOutcome> {
    return this.db.transaction(() => {
      const outcome = rows.length >= TRIGGERS_ASIDE_FROM ? withReachTriggersAside(this.db, () => this.write(rows, ctx)) : this.write(rows, ctx).result;
      const first = this.reserve('review_queue', flagged.length);
      flagged.forEach((line, i) => this.s.review.run(first + i, 'erased', null, null, null, 'matches a person who was erased: not imported', ctx.importId, line, ctx.now));
      const saved = this.s.checkpoint.run(checkpoint.line, checkpoint.counts(outcome), checkpoint.bad, checkpoint.heldUntil(), ctx.importId, checkpoint.holder);
      if (saved.changes === 0) throw lostError(ctx.importId);
      return outcome;
    })();
  }

  /** Writes the rows; returns the outcome and the people written to. */
  private write(rows: readonly PersonRow[], ctx: BatchContext): { result: BatchOutcome; people: Iterable<number> } {
    const { s } = this;
    const first = this.reserve('people', rows.length);
    let next = first;
    if (rows.length === 0) return { result: { created: 0, merged: 0, review: 0 }, people: [] };
    const plan = this.holdBack(planBatch(rows, this.lookups(rows), () => next++));
    const w = writesOf(plan);
    const { sourceId: src, now } = ctx;
    for (const p of w.people) s.person.run(...p, src, now, now);
    for (const [id, g, f, b, ge, l, su, v, a, k] of w.fills) s.fill.run({ id, g, f, b, ge, l, s: su, v, a, k, now });
    for (const [person, line] of w.sources) s.source.run(person, src, line, now);
    for (const [person, kind, value] of w.points) s.pointInsert.run(person, kind, value, src, now);
    for (const a of w.addresses) s.address.run(...a, src, now);
    for (const [person, tag] of w.tags) s.personTag.run(person, this.idOf(this.tags, tag, s.tagId, s.tag, 'tags'), src);
    const fields = w.fields.map(([person, name, value, num]): [number, number, string, number | null] => [person, this.idOf(this.fields, name, s.fieldId, s.field, 'fields'), value, num]);
    for (const [person, field, value, num] of inFieldOrder(fields)) s.personField.run(person, field, value, num, src);
    const firstConsent = this.reserve('consents', w.consents.length);
    // The row's own notice version, when it gives one, is what its person was shown.
    w.consents.forEach(([person, purpose, channel, granted, line, notice], i) => s.consent.run(firstConsent + i, person, purpose, channel, granted, src, ctx.collectedAt, ctx.actor, notice ?? ctx.noticeVersion, line));
    for (const [person, purpose, channel, granted, id] of latestConsents(w.consents, firstConsent)) s.state.run(person, purpose, channel, granted, id, ctx.collectedAt);
    const firstReview = this.reserve('review_queue', w.reviews.length);
    w.reviews.forEach((r, i) => s.review.run(firstReview + i, r.kind, r.personId, r.otherId, r.score, r.reason, ctx.importId, r.line, now));
    for (const [row, person] of plan.personOf) for (const channel of ctx.suppressedChannels(row)) s.suppress.run(person, channel, now, ctx.actor);
    return { result: { created: plan.created.size, merged: rows.length - plan.created.size, review: w.reviews.length }, people: plan.personOf.values() };
  }
}
