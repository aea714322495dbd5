import { sql } from 'kysely';
import { z } from 'zod';
import { InputError, StoreError } from '../core/errors';
import type { AnyDb } from '../store';
import { MAX_INTEGER } from '../store';
import type { BadResultLine, OptionKind, ResultOption, RoundResults, UnitResult } from './formats/types';

/**
 * Where results live: `saveRound` writes one round in one transaction (replacing a round already
 * stored under the same election and number), `loadRound` reads it back as the RoundResults the
 * readers produced, `listElections` says what is stored. The CLI, the server and the transfer
 * estimators go through these three.
 */

/** Which round a RoundResults is, and where it came from. */
export interface RoundRef {
  readonly election: string;
  readonly round: number;
  /** The election's name; kept from an earlier import when not given. */
  readonly name?: string | undefined;
  /** The file it was read from, for people. */
  readonly source?: string | undefined;
}

const ROWS_PER_INSERT = 1000;

async function insertChunked(db: AnyDb, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await db.insertInto(table).values(rows.slice(i, i + ROWS_PER_INSERT)).execute();
}

/**
 * Stores a round atomically: in one transaction, the election row is created (or its name
 * updated), any round stored under the same number is deleted with its options, units and counts,
 * and the new one is written. Only non-zero counts are stored.
 */
export async function saveRound(db: AnyDb, ref: RoundRef, results: RoundResults, now = Date.now()): Promise<void> {
  // Both stores keep the round in an integer column.
  if (!Number.isInteger(ref.round) || ref.round < 1 || ref.round > MAX_INTEGER) throw new InputError(`round must be a whole number from 1 to ${MAX_INTEGER.toLocaleString('en')}, not ${ref.round}`);
  if (ref.election.trim() === '') throw new InputError('the election id is empty');
  const key = { election: ref.election, round: ref.round };
  await db.transaction().execute(async (tx) => {
    // Always an update on conflict, so that the election's row is locked: concurrent imports
    // into one election wait for each other instead of failing on the round's key.
    await tx
      .insertInto('elections')
      .values({ id: ref.election, name: ref.name ?? null, created_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: sql`coalesce(excluded.name, elections.name)` }))
      .execute();
    for (const t of ['election_counts', 'election_units', 'election_options', 'election_rounds']) {
      await tx.deleteFrom(t).where('election', '=', key.election).where('round', '=', key.round).execute();
    }
    await tx
      .insertInto('election_rounds')
      .values({ ...key, format: results.format, source: ref.source ?? '', imported_at: now, units: results.units.length, options: results.options.length, bad: JSON.stringify(results.bad) })
      .execute();
    await insertChunked(tx, 'election_options', results.options.map((o, idx) => ({ ...key, idx, key: o.key, label: o.label, kind: o.kind, party: o.party ?? null })));
    await insertChunked(tx, 'election_units', results.units.map((u, idx) => unitRow(key, u, idx)));
    const counts: Record<string, unknown>[] = [];
    results.units.forEach((u, unit) => u.counts.forEach((votes, option) => votes !== 0 && counts.push({ ...key, unit, option, votes })));
    await insertChunked(tx, 'election_counts', counts);
  });
}

function unitRow(key: { election: string; round: number }, u: UnitResult, idx: number): Record<string, unknown> {
  return { ...key, idx, code: u.code, source_code: u.sourceCode, name: u.name ?? null, district: u.district ?? null, registered: u.registered ?? null, line: u.line };
}

const KINDS = ['choice', 'abstention', 'blank', 'null', 'blank_null'] as const satisfies readonly OptionKind[];
const optionRow = z.object({ key: z.string(), label: z.string(), kind: z.enum(KINDS), party: z.string().nullable() });
const unitRowSchema = z.object({
  code: z.string(),
  source_code: z.string(),
  name: z.string().nullable(),
  district: z.string().nullable(),
  registered: z.coerce.number().nullable(),
  line: z.coerce.number(),
});
const badList = z.array(z.object({ line: z.number(), message: z.string() }));

function parseRows<T>(schema: z.ZodType<T>, rows: unknown[], what: string): T[] {
  return rows.map((r) => {
    const parsed = schema.safeParse(r);
    if (!parsed.success) throw new StoreError(`a stored ${what} row is malformed: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

/** Reads a stored round back; an InputError naming what is stored when there is no such round. */
export async function loadRound(db: AnyDb, election: string, round: number): Promise<RoundResults> {
  const head = await db.selectFrom('election_rounds').selectAll().where('election', '=', election).where('round', '=', round).executeTakeFirst();
  if (!head) throw new InputError(`no round ${round} of election "${election}" is stored${await storedHint(db, election)}`);
  const options: ResultOption[] = parseRows(optionRow, await db.selectFrom('election_options').selectAll().where('election', '=', election).where('round', '=', round).orderBy('idx').execute(), 'option').map(
    (o) => (o.party === null ? { key: o.key, label: o.label, kind: o.kind } : { key: o.key, label: o.label, kind: o.kind, party: o.party }),
  );
  const rows = parseRows(unitRowSchema, await db.selectFrom('election_units').selectAll().where('election', '=', election).where('round', '=', round).orderBy('idx').execute(), 'unit');
  const counts = rows.map(() => new Array<number>(options.length).fill(0));
  const cells = await db.selectFrom('election_counts').select(['unit', 'option', 'votes']).where('election', '=', election).where('round', '=', round).execute();
  for (const c of cells) counts[Number(c.unit)]![Number(c.option)] = Number(c.votes);
  const units: UnitResult[] = rows.map((r, i) => ({
    code: r.code,
    sourceCode: r.source_code,
    ...(r.name !== null && { name: r.name }),
    ...(r.district !== null && { district: r.district }),
    ...(r.registered !== null && { registered: r.registered }),
    counts: counts[i]!,
    line: r.line,
  }));
  const bad: BadResultLine[] = badList.parse(JSON.parse(String(head.bad)));
  return { format: String(head.format), options, units, bad };
}

async function storedHint(db: AnyDb, election: string): Promise<string> {
  const rounds = await db.selectFrom('election_rounds').select('round').where('election', '=', election).orderBy('round').execute();
  if (rounds.length > 0) return ` (stored rounds: ${rounds.map((r) => r.round).join(', ')})`;
  const ids = await db.selectFrom('elections').select('id').orderBy('id').execute();
  return ids.length > 0 ? ` (stored elections: ${ids.map((r) => r.id).join(', ')})` : ' (no election is stored yet)';
}

export interface StoredRound {
  readonly round: number;
  readonly format: string;
  readonly source: string;
  readonly importedAt: number;
  readonly units: number;
  readonly options: number;
  readonly bad: number;
}

export interface StoredElection {
  readonly id: string;
  readonly name: string | null;
  readonly rounds: readonly StoredRound[];
}

/** Every stored election with its rounds, by id and round number. */
export async function listElections(db: AnyDb): Promise<StoredElection[]> {
  const elections = await db.selectFrom('elections').selectAll().orderBy('id').execute();
  const rounds = await db.selectFrom('election_rounds').selectAll().orderBy('election').orderBy('round').execute();
  return elections.map((e) => ({
    id: String(e.id),
    name: e.name === null ? null : String(e.name),
    rounds: rounds
      .filter((r) => r.election === e.id)
      .map((r) => ({
        round: Number(r.round),
        format: String(r.format),
        source: String(r.source),
        importedAt: Number(r.imported_at),
        units: Number(r.units),
        options: Number(r.options),
        bad: badList.parse(JSON.parse(String(r.bad))).length,
      })),
  }));
}

/** What a stored round can be narrowed to: its districts (constituencies), and whether any option names a party. */
export interface RoundFacets {
  readonly districts: readonly string[];
  readonly parties: boolean;
}

/** Each round's facets of one election, by round number (two grouped reads, no unit loaded). */
export async function roundFacets(db: AnyDb, election: string): Promise<Map<number, RoundFacets>> {
  const [districts, parties] = await Promise.all([
    db.selectFrom('election_units').select(['round', 'district']).distinct().where('election', '=', election).where('district', 'is not', null).execute(),
    db.selectFrom('election_options').select('round').distinct().where('election', '=', election).where('party', 'is not', null).execute(),
  ]);
  const withParties = new Set(parties.map((p) => Number(p.round)));
  const byRound = new Map<number, string[]>([...withParties].map((r) => [r, []]));
  for (const d of districts) {
    const round = Number(d.round);
    const list = byRound.get(round);
    if (list) list.push(String(d.district));
    else byRound.set(round, [String(d.district)]);
  }
  const natural = new Intl.Collator('en', { numeric: true });
  const out = new Map<number, RoundFacets>();
  for (const [round, list] of byRound) out.set(round, { districts: list.sort(natural.compare), parties: withParties.has(round) });
  return out;
}
