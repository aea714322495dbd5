import { sql } from 'kysely';
import type { AnyDb } from '../../store';
import type { Columns } from '../../store/unnest';
import { arrayLiteral, unnestInsert as unnest } from '../../store/unnest';
import type { ContactsDb } from '../tables';
import { reserveIds } from '../ids';
import { lostError } from './lease';
import type { BatchContext, BatchOutcome, Checkpoint, ImportWriter } from './batch';
import type { BatchPlan, Candidate, Lookups, NamedPerson } from './plan-batch';
import { holdBackGrants, planBatch, sharersNeeded } from './plan-batch';
import type { Named } from '../normalise';
import { refusalsOf } from '../consent/refusals';
import type { PersonRow } from './row';
import { inFieldOrder, latestConsents, writesOf } from './writes';
import type { ConsentWrite } from './writes';

const PEOPLE: Columns = [['id', 'int'], ['given_name', 'text'], ['family_name', 'text'], ['birth_year', 'int'], ['gender', 'text'], ['language', 'text'], ['support', 'int'], ['volunteer', 'int'], ['area', 'text'], ['block_key', 'text'], ['source_id', 'int'], ['created_at', 'int8'], ['updated_at', 'int8']];

/** The PostgreSQL import writer: each batch in one transaction, a few array-bound statements per table. */
export class PgImportWriter implements ImportWriter {
  private readonly tags = new Map<string, number>();
  private readonly fields = new Map<string, number>();

  constructor(private readonly db: AnyDb) {}

  async batch(rows: readonly PersonRow[], flagged: readonly number[], ctx: BatchContext, checkpoint: Checkpoint): Promise<BatchOutcome> {
    return this.db.transaction().execute(async (trx) => {
      // Imports running at once write one batch at a time: a person's email cannot be claimed twice.
      await sql`SELECT pg_advisory_xact_lock(hashtext('hustings.contacts.import'))`.execute(trx);
      const outcome = rows.length ? await this.write(trx as ContactsDb, rows, ctx) : { created: 0, merged: 0, review: 0 };
      if (flagged.length) await this.flag(trx as ContactsDb, flagged, ctx);
      const saved = await sql`UPDATE contact_imports SET done_line = ${checkpoint.line}, counts = ${checkpoint.counts(outcome)}, bad = ${checkpoint.bad}, held_until = ${checkpoint.heldUntil()}
        WHERE id = ${ctx.importId} AND held_by = ${checkpoint.holder}`.execute(trx);
      if (Number(saved.numAffectedRows ?? 0) === 0) throw lostError(ctx.importId);
      return outcome;
    });
  }

  /** The batch's grants to known people who said no, held back for review (see holdBackGrants). */
  private async holdBack(trx: ContactsDb, plan: BatchPlan): Promise<BatchPlan> {
    if (plan.merged.size === 0) return holdBackGrants(plan, new Map());
    const ids = [...plan.merged.keys()];
    const withdrawn = await sql<{ person_id: number; purpose: string; channel: string }>`SELECT person_id, purpose, channel FROM consent_state WHERE granted = 0 AND person_id = ANY(${ids}::int[])`.execute(trx);
    const suppressed = await sql<{ person_id: number; channel: string }>`SELECT person_id, channel FROM suppressions WHERE person_id = ANY(${ids}::int[])`.execute(trx);
    return holdBackGrants(plan, refusalsOf(withdrawn.rows, suppressed.rows));
  }

  private async lookups(trx: ContactsDb, rows: readonly PersonRow[]): Promise<Lookups> {
    const points = new Map<string, number>();
    const names = new Map<number, Named>();
    const emails = rows.flatMap((r) => r.emails);
    const phones = rows.flatMap((r) => r.phones);
    const found = await sql<{ kind: string; value: string; person_id: number }>`SELECT kind, value, person_id FROM contact_points
      WHERE (kind = 'email' AND value = ANY(${emails}::text[])) OR (kind = 'phone' AND value = ANY(${phones}::text[]))`.execute(trx);
    for (const f of found.rows) points.set(`${f.kind}:${f.value}`, Number(f.person_id));
    // By id, apart: joined to the lookup above, a batch of 10,000 keys was planned as a hash join over the whole of people.
    if (points.size) {
      const ids = [...new Set(points.values())];
      const named = await sql<{ id: number; given_name: string | null; family_name: string | null }>`SELECT id, given_name, family_name FROM people WHERE id = ANY(${ids}::int8[])`.execute(trx);
      for (const p of named.rows) names.set(Number(p.id), { given: p.given_name, family: p.family_name });
    }
    const sharers = await this.sharers(trx, sharersNeeded(rows, points, names));
    const keys = [...new Set(rows.map((r) => r.blockKey).filter((k): k is string => k !== null))];
    const blocks = new Map<string, Candidate[]>();
    const people = await sql<{ id: number; block_key: string; given_name: string | null; family_name: string | null; birth_year: number | null; street: string | null; postcode: string | null }>`
      SELECT p.id, p.block_key, p.given_name, p.family_name, p.birth_year, a.street, a.postcode FROM people p LEFT JOIN addresses a ON a.person_id = p.id
      WHERE p.block_key = ANY(${keys}::text[])`.execute(trx);
    for (const c of people.rows) {
      const list = blocks.get(c.block_key) ?? [];
      list.push({ id: Number(c.id), given: c.given_name, family: c.family_name, birthYear: c.birth_year, street: c.street, postcode: c.postcode });
      blocks.set(c.block_key, list);
    }
    // By id, as the matcher takes them (see BLOCK_CANDIDATES), and as SQLite's lookup gives them.
    for (const list of blocks.values()) list.sort((a, b) => a.id - b.id);
    return { points, names, sharers, blocks };
  }

  /** The people created apart from `owners` before (see Lookups.sharers). */
  private async sharers(trx: ContactsDb, owners: readonly number[]): Promise<Map<number, NamedPerson[]>> {
    const sharers = new Map<number, NamedPerson[]>();
    if (!owners.length) return sharers;
    const found = await sql<{ other_id: number; id: number; given_name: string | null; family_name: string | null }>`
      SELECT r.other_id, p.id, p.given_name, p.family_name FROM review_queue r JOIN people p ON p.id = r.person_id
      WHERE r.kind = 'shared' AND r.person_id <> r.other_id AND r.other_id = ANY(${owners}::int8[]) ORDER BY p.id`.execute(trx);
    for (const r of found.rows) (sharers.get(Number(r.other_id)) ?? sharers.set(Number(r.other_id), []).get(Number(r.other_id))!).push({ id: Number(r.id), given: r.given_name, family: r.family_name });
    return sharers;
  }

  private async ids(trx: ContactsDb, cache: Map<string, number>, table: 'tags' | 'fields', names: readonly string[]): Promise<void> {
    const missing = [...new Set(names)].filter((n) => !cache.has(n));
    if (!missing.length) return;
    const first = await reserveIds(trx, table, missing.length);
    await sql`INSERT INTO ${sql.table(table)} (id, name) SELECT * FROM unnest(${missing.map((_, i) => first + i)}::int[], ${missing}::text[]) ON CONFLICT (name) DO NOTHING`.execute(trx);
    const rows = await sql<{ id: number; name: string }>`SELECT id, name FROM ${sql.table(table)} WHERE name = ANY(${missing}::text[])`.execute(trx);
    for (const r of rows.rows) cache.set(r.name, Number(r.id));
  }

  private async write(trx: ContactsDb, rows: readonly PersonRow[], ctx: BatchContext): Promise<BatchOutcome> {
    let next = await reserveIds(trx, 'people', rows.length);
    const plan = await this.holdBack(trx, planBatch(rows, await this.lookups(trx, rows), () => next++));
    const w = writesOf(plan);
    const { sourceId: src, now } = ctx;
    if (w.people.length) await unnest('people', PEOPLE, w.people.map((p) => [...p.slice(0, 7), p[7] ?? 0, ...p.slice(8), src, now, now])).execute(trx);
    if (w.fills.length) {
      await sql`UPDATE people p SET given_name = COALESCE(p.given_name, f.g), family_name = COALESCE(p.family_name, f.f), birth_year = COALESCE(p.birth_year, f.b),
        gender = COALESCE(p.gender, f.ge), language = COALESCE(p.language, f.l), support = COALESCE(p.support, f.s), volunteer = GREATEST(p.volunteer, COALESCE(f.v, 0)),
        area = COALESCE(p.area, f.a), block_key = COALESCE(p.block_key, f.k), updated_at = ${now}
        FROM unnest(${arrayLiteral(w.fills, 0)}::int[], ${arrayLiteral(w.fills, 1)}::text[], ${arrayLiteral(w.fills, 2)}::text[], ${arrayLiteral(w.fills, 3)}::int[], ${arrayLiteral(w.fills, 4)}::text[], ${arrayLiteral(w.fills, 5)}::text[],
          ${arrayLiteral(w.fills, 6)}::int[], ${arrayLiteral(w.fills, 7)}::int[], ${arrayLiteral(w.fills, 8)}::text[], ${arrayLiteral(w.fills, 9)}::text[]) AS f(id, g, f, b, ge, l, s, v, a, k) WHERE p.id = f.id`.execute(trx);
    }
    if (w.sources.length) await unnest('person_sources', [['person_id', 'int'], ['line', 'int'], ['source_id', 'int'], ['at', 'int8']], w.sources.map(([p, l]) => [p, l, src, now])).execute(trx);
    if (w.points.length) await unnest('contact_points', [['person_id', 'int'], ['kind', 'text'], ['value', 'text'], ['source_id', 'int'], ['created_at', 'int8']], w.points.map((p) => [...p, src, now]), sql`ON CONFLICT DO NOTHING`).execute(trx);
    if (w.addresses.length) {
      const cols: Columns = [['person_id', 'int'], ['street', 'text'], ['postcode', 'text'], ['city', 'text'], ['country', 'text'], ['household', 'text'], ['source_id', 'int'], ['created_at', 'int8']];
      await unnest('addresses', cols, w.addresses.map((a) => [...a, src, now]), sql`ON CONFLICT DO NOTHING`).execute(trx);
    }
    await this.ids(trx, this.tags, 'tags', w.tags.map((t) => t[1]));
    await this.ids(trx, this.fields, 'fields', w.fields.map((f) => f[1]));
    if (w.tags.length) await unnest('person_tags', [['person_id', 'int'], ['tag_id', 'int'], ['source_id', 'int']], w.tags.map(([p, t]) => [p, this.tags.get(t), src]), sql`ON CONFLICT DO NOTHING`).execute(trx);
    if (w.fields.length) {
      const cols: Columns = [['person_id', 'int'], ['field_id', 'int'], ['value', 'text'], ['num', 'float8'], ['source_id', 'int']];
      const values = inFieldOrder(w.fields.map(([p, n, v, x]): [number, number, string, number | null, number] => [p, this.fields.get(n)!, v, x, src]));
      await unnest('person_fields', cols, values, sql`ON CONFLICT DO NOTHING`).execute(trx);
    }
    await this.consents(trx, w.consents, ctx);
    if (w.reviews.length) {
      const first = await reserveIds(trx, 'review_queue', w.reviews.length);
      const cols: Columns = [['id', 'int'], ['kind', 'text'], ['person_id', 'int'], ['other_id', 'int'], ['score', 'float8'], ['reason', 'text'], ['import_id', 'int'], ['line', 'int'], ['status', 'text'], ['created_at', 'int8']];
      await unnest('review_queue', cols, w.reviews.map((r, i) => [first + i, r.kind, r.personId, r.otherId, r.score, r.reason, ctx.importId, r.line, 'open', now])).execute(trx);
    }
    const suppress = [...plan.personOf].flatMap(([row, person]) => ctx.suppressedChannels(row).map((c) => [person, c, 'on the do-not-contact list', now, ctx.actor]));
    if (suppress.length) await unnest('suppressions', [['person_id', 'int'], ['channel', 'text'], ['reason', 'text'], ['at', 'int8'], ['actor', 'text']], suppress, sql`ON CONFLICT DO NOTHING`).execute(trx);
    return { created: plan.created.size, merged: rows.length - plan.created.size, review: w.reviews.length };
  }

  private async consents(trx: ContactsDb, consents: readonly ConsentWrite[], ctx: BatchContext): Promise<void> {
    if (!consents.length) return;
    const first = await reserveIds(trx, 'consents', consents.length);
    const cols: Columns = [['id', 'int'], ['person_id', 'int'], ['purpose', 'text'], ['channel', 'text'], ['granted', 'int'], ['line', 'int'], ['source_id', 'int'], ['at', 'int8'], ['actor', 'text'], ['notice_version', 'text']];
    // The row's own notice version, when it gives one, is what its person was shown.
    const entries = consents.map(([person, purpose, channel, granted, line, notice], i) => [first + i, person, purpose, channel, granted, line, ctx.sourceId, ctx.collectedAt, ctx.actor, notice ?? ctx.noticeVersion]);
    await unnest('consents', cols, entries).execute(trx);
    const state: Columns = [['person_id', 'int'], ['purpose', 'text'], ['channel', 'text'], ['granted', 'int'], ['consent_id', 'int'], ['at', 'int8']];
    const tail = sql`ON CONFLICT (purpose, channel, person_id) DO UPDATE SET granted = excluded.granted, consent_id = excluded.consent_id, at = excluded.at
      WHERE excluded.at > consent_state.at OR (excluded.at = consent_state.at AND excluded.consent_id > consent_state.consent_id)`;
    await unnest('consent_state', state, latestConsents(consents, first).map((c) => [...c, ctx.collectedAt]), tail).execute(trx);
  }

  private async flag(trx: ContactsDb, lines: readonly number[], ctx: BatchContext): Promise<void> {
    const first = await reserveIds(trx, 'review_queue', lines.length);
    const cols: Columns = [['id', 'int'], ['kind', 'text'], ['reason', 'text'], ['import_id', 'int'], ['line', 'int'], ['status', 'text'], ['created_at', 'int8']];
    await unnest('review_queue', cols, lines.map((l, i) => [first + i, 'erased', 'matches a person who was erased: not imported', ctx.importId, l, 'open', ctx.now])).execute(trx);
  }
}
