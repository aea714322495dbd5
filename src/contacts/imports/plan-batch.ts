import type { PersonLike } from '../normalise';
import { FUZZY_THRESHOLD, personSimilarity } from '../normalise';
import type { PersonRow } from './row';
import type { Refusals } from '../consent/refusals';
import { refuses } from '../consent/refusals';

/** A stored person the fuzzy matcher may compare a row with (from the row's block). */
export interface Candidate extends PersonLike {
  readonly id: number;
}

/** What the store knows about a batch's keys, looked up before the batch is planned. */
export interface Lookups {
  /** `email:value` / `phone:value` → person id. */
  readonly points: ReadonlyMap<string, number>;
  /** Block key → stored people in that block. */
  readonly blocks: ReadonlyMap<string, readonly Candidate[]>;
}

export interface Review {
  readonly kind: 'fuzzy' | 'conflict' | 'withdrawn';
  readonly personId: number;
  readonly otherId: number | null;
  readonly score: number | null;
  readonly reason: string;
  readonly line: number;
}

/** What one batch does: people to create, rows to fold into stored people, and the queue's new items. */
export interface BatchPlan {
  /** New people, each with the rows that make it (the first, then in-batch duplicates folded in). */
  readonly created: ReadonlyMap<number, PersonRow[]>;
  /** Stored people and the rows to merge into them (blanks filled, lists unioned). */
  readonly merged: ReadonlyMap<number, PersonRow[]>;
  readonly reviews: readonly Review[];
  /** The person each row went to. */
  readonly personOf: ReadonlyMap<PersonRow, number>;
}

/**
 * The most people of one block a new row is compared with: the latest stored ones and those met
 * earlier in the batch, by id. Blocks are small in real lists (a household, a name with its
 * address), but a file of one name without addresses makes one block of everyone, and comparing
 * each row with all before it grew as the square: 3,000 rows of "Jean Martin", each with their own
 * email and no address, took 18.2 s. A duplicate further back than this in its block is not queued.
 */
export const BLOCK_CANDIDATES = 500;

/** The block's candidates for a row: stored ones (by id), then the batch's, at most BLOCK_CANDIDATES of the latest. */
function candidatesOf(stored: readonly Candidate[], here: readonly Candidate[]): readonly Candidate[] {
  if (stored.length + here.length <= BLOCK_CANDIDATES) return stored.length === 0 ? here : [...stored, ...here];
  if (here.length >= BLOCK_CANDIDATES) return here.slice(here.length - BLOCK_CANDIDATES);
  return [...stored.slice(stored.length - (BLOCK_CANDIDATES - here.length)), ...here];
}

function keysOf(row: PersonRow): string[] {
  return [...row.emails.map((e) => `email:${e}`), ...row.phones.map((p) => `phone:${p}`)];
}

function likeOf(row: PersonRow): PersonLike {
  return { given: row.given, family: row.family, street: row.address?.street ?? null, postcode: row.address?.postcode ?? null, birthYear: row.birthYear };
}

/**
 * Decides, for each row of a batch, whether it is someone already known (the same normalised
 * email or phone, stored or earlier in the batch: merged), or someone new (created). A new person
 * who looks like a stored or earlier one (same block, similarity ≥ the threshold) is created and
 * queued for review with the best match; so is a row whose email and phone point at two
 * different people. `newId` gives the next new person's id.
 */
export function planBatch(rows: readonly PersonRow[], lookups: Lookups, newId: () => number): BatchPlan {
  const points = new Map(lookups.points);
  const created = new Map<number, PersonRow[]>();
  const merged = new Map<number, PersonRow[]>();
  const reviews: Review[] = [];
  const blocks = new Map<string, Candidate[]>();
  const personOf = new Map<PersonRow, number>();
  for (const row of rows) {
    const keys = keysOf(row);
    const ids = [...new Set(keys.map((k) => points.get(k)).filter((x): x is number => x !== undefined))];
    if (ids.length > 0) {
      const id = ids[0]!;
      (created.get(id) ?? merged.get(id) ?? merged.set(id, []).get(id)!).push(row);
      personOf.set(row, id);
      for (const k of keys) if (!points.has(k)) points.set(k, id);
      for (const other of ids.slice(1)) reviews.push({ kind: 'conflict', personId: id, otherId: other, score: 1, reason: 'the email and the phone of one row belong to two people', line: row.line });
      continue;
    }
    const id = newId();
    created.set(id, [row]);
    personOf.set(row, id);
    for (const k of keys) points.set(k, id);
    if (!row.blockKey) continue;
    const like = likeOf(row);
    const here = blocks.get(row.blockKey) ?? [];
    const best = bestMatch(like, candidatesOf(lookups.blocks.get(row.blockKey) ?? [], here));
    if (best) reviews.push({ kind: 'fuzzy', personId: id, otherId: best.id, score: best.score, reason: 'similar name and address', line: row.line });
    here.push({ id, ...like });
    blocks.set(row.blockKey, here);
  }
  return { created, merged, reviews, personOf };
}

function bestMatch(like: PersonLike, candidates: readonly Candidate[]): { id: number; score: number } | null {
  let best: { id: number; score: number } | null = null;
  for (const c of candidates) {
    const score = personSimilarity(like, c);
    if (score >= FUZZY_THRESHOLD && (!best || score > best.score)) best = { id: c.id, score };
  }
  return best;
}

/** A person's values from their rows: the first value given wins; lists are unioned. */
export function foldRows(rows: readonly PersonRow[]): PersonRow {
  const [first, ...rest] = rows as [PersonRow, ...PersonRow[]];
  if (rest.length === 0) return first;
  const pick = <K extends keyof PersonRow>(k: K): PersonRow[K] => rows.find((r) => r[k] !== null)?.[k] ?? first[k];
  const union = <T>(f: (r: PersonRow) => readonly T[], key: (t: T) => string = String): T[] => {
    const seen = new Map<string, T>();
    for (const r of rows) for (const t of f(r)) if (!seen.has(key(t))) seen.set(key(t), t);
    return [...seen.values()];
  };
  return {
    line: first.line,
    given: pick('given'),
    family: pick('family'),
    emails: union((r) => r.emails),
    phones: union((r) => r.phones),
    address: pick('address'),
    addressKey: pick('addressKey'),
    birthYear: pick('birthYear'),
    gender: pick('gender'),
    language: pick('language'),
    support: pick('support'),
    volunteer: pick('volunteer'),
    area: pick('area'),
    tags: union((r) => r.tags),
    fields: union((r) => r.fields, (f) => f[0]),
    consents: rows.flatMap((r) => r.consents),
    blockKey: pick('blockKey'),
  };
}

/**
 * Grants that would overrule a person's own "no": a withdrawn consent or a suppression stored
 * before (for people merged into), or a "no" for the same use on an earlier line of the batch (a
 * file with the same person twice, "no" then "yes"). A file says nothing of when the person said
 * yes, and the latest entry decides, so a refreshed list would silently re-grant. Those grants are
 * held back and the person is queued for review (as sign-ups are); the rest of the row goes
 * through. The earlier lines of the file in earlier batches are stored refusals by then, so the
 * outcome does not depend on where batches end.
 */
export function holdBackGrants(plan: BatchPlan, refusals: Refusals): BatchPlan {
  const reviews: Review[] = [...plan.reviews];
  const hold = (id: number, rows: PersonRow[]): PersonRow[] => {
    const no = new Set(refusals.get(id) ?? []);
    const held = new Set<string>();
    let line: number | null = null;
    const kept = rows.map((r) => {
      const consents = r.consents.filter(([purpose, channel, granted]) => {
        if (!granted || !refuses(no, purpose, channel)) return true;
        held.add(`${purpose}/${channel}`);
        line ??= r.line;
        return false;
      });
      // This line's own refusals hold for the lines after it.
      for (const [purpose, channel, granted] of r.consents) if (!granted) no.add(`${purpose}/${channel}`);
      return consents.length === r.consents.length ? r : { ...r, consents };
    });
    if (held.size) reviews.push({ kind: 'withdrawn', personId: id, otherId: null, score: null, reason: `this file grants ${[...held].join(', ')}, which the person withdrew or is suppressed on: not granted; confirm with them first`, line: line! });
    return kept;
  };
  const created = new Map([...plan.created].map(([id, rows]) => [id, rows.length > 1 ? hold(id, rows) : rows] as const));
  const merged = new Map([...plan.merged].map(([id, rows]) => [id, hold(id, rows)] as const));
  return { ...plan, created, merged, reviews };
}
