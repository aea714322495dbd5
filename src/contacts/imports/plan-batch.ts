import type { Named, PersonLike } from '../normalise';
import { FUZZY_THRESHOLD, namesDiffer, personSimilarity } from '../normalise';
import type { PersonRow } from './row';
import type { Refusals } from '../consent/refusals';
import { refuses } from '../consent/refusals';

/** A stored person the fuzzy matcher may compare a row with (from the row's block). */
export interface Candidate extends PersonLike {
  readonly id: number;
}

/** A stored person by name: whom a row sharing an e-mail or phone is compared with. */
export interface NamedPerson extends Named {
  readonly id: number;
}

/** What the store knows about a batch's keys, looked up before the batch is planned. */
export interface Lookups {
  /** `email:value` / `phone:value` → person id. */
  readonly points: ReadonlyMap<string, number>;
  /** The names of the people `points` leads to. */
  readonly names: ReadonlyMap<number, Named>;
  /**
   * People created apart from a person because their row shared that person's e-mail or phone
   * under another name (review items of kind `shared`), by the person's id: the ones among
   * `sharersNeeded`, looked up once `points` and `names` are known.
   */
  readonly sharers: ReadonlyMap<number, readonly NamedPerson[]>;
  /** Block key → stored people in that block. */
  readonly blocks: ReadonlyMap<string, readonly Candidate[]>;
}

export interface Review {
  readonly kind: 'fuzzy' | 'conflict' | 'shared' | 'withdrawn' | 'erased';
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

/**
 * The stored people some row of the batch would be merged into under a name clearly not theirs
 * (see namesDiffer): the writer looks up who was created apart from them before (Lookups.sharers).
 * Few batches have any, and those few pay the lookup.
 */
export function sharersNeeded(rows: readonly PersonRow[], points: ReadonlyMap<string, number>, names: ReadonlyMap<number, Named>): number[] {
  const ids = new Set<number>();
  for (const row of rows) {
    for (const k of keysOf(row)) {
      const id = points.get(k);
      if (id !== undefined && !ids.has(id) && namesDiffer(row, names.get(id) ?? {})) ids.add(id);
    }
  }
  return [...ids];
}

/** What a review item of kind `shared` says: which of the row's points another person holds. */
function sharedReason(keys: readonly string[], points: ReadonlyMap<string, number>, other: number): string {
  const held = new Set(keys.filter((k) => points.get(k) === other).map((k) => k.slice(0, k.indexOf(':'))));
  const what = held.size === 2 ? 'e-mail and phone' : held.has('email') ? 'e-mail' : 'phone';
  return `this row's ${what} belong${held.size === 2 ? '' : 's'} to a person of another name (shared by a household or an office?): not merged; created apart, without that ${what}. Merge them if they are one person`;
}

/** What a review item of kind `erased` says of a person created with emails or phones (`keys`) that erased people of other names held. */
function erasedReason(keys: readonly string[]): string {
  const kinds = new Set(keys.map((k) => k.slice(0, k.indexOf(':'))));
  const what = kinds.size === 2 ? 'e-mail and phone' : kinds.has('email') ? 'e-mail' : 'phone';
  return `this row's ${what} belonged to a person since erased, of another name (shared by a household or an office?): taken for someone else, and imported. If it is that person, erase them again`;
}

function likeOf(row: PersonRow): PersonLike {
  return { given: row.given, family: row.family, street: row.address?.street ?? null, postcode: row.address?.postcode ?? null, birthYear: row.birthYear };
}

/**
 * Decides, for each row of a batch, whether it is someone already known (the same normalised
 * email or phone, stored or earlier in the batch: merged), or someone new (created). A new person
 * who looks like a stored or earlier one (same block, similarity ≥ the threshold) is created and
 * queued for review with the best match; so is a row whose email and phone point at two
 * different people. A row whose email or phone belongs to a person of a clearly other name (a
 * household's phone, an office's address: see namesDiffer) is not merged into them: it goes to
 * the person created apart from them before under its name, if any, or is created apart and
 * queued for review (kind `shared`). A new person whose row brings back an email or phone of an
 * erased person of another name (PersonRow.sharesErased) is queued too (kind `erased`).
 * `newId` gives the next new person's id.
 */
export function planBatch(rows: readonly PersonRow[], lookups: Lookups, newId: () => number): BatchPlan {
  const st: PlanState = {
    lookups,
    points: new Map(lookups.points),
    names: new Map(lookups.names),
    sharers: new Map([...lookups.sharers].map(([id, list]) => [id, [...list]] as const)),
    blocks: new Map(),
    plan: { created: new Map(), merged: new Map(), reviews: [], personOf: new Map() },
  };
  for (const row of rows) {
    const keys = keysOf(row);
    const ids = [...new Set(keys.map((k) => st.points.get(k)).filter((x): x is number => x !== undefined))];
    const known = ids.length > 0 ? (ids.find((x) => !namesDiffer(row, st.names.get(x) ?? {})) ?? sharerOf(row, ids, st.sharers)) : undefined;
    if (known !== undefined) mergeRow(st, row, known, keys, ids);
    else createRow(st, row, newId(), keys, ids);
  }
  return st.plan;
}

/** What planBatch keeps while it goes through a batch's rows. */
interface PlanState {
  readonly lookups: Lookups;
  readonly points: Map<string, number>;
  readonly names: Map<number, Named>;
  readonly sharers: Map<number, NamedPerson[]>;
  /** Block key → the batch's new people in that block. */
  readonly blocks: Map<string, Candidate[]>;
  readonly plan: { created: Map<number, PersonRow[]>; merged: Map<number, PersonRow[]>; reviews: Review[]; personOf: Map<PersonRow, number> };
}

/** Folds a row into someone known (stored or earlier in the batch); `ids`: every person its points lead to. */
function mergeRow(st: PlanState, row: PersonRow, id: number, keys: readonly string[], ids: readonly number[]): void {
  const { plan, names, points } = st;
  (plan.created.get(id) ?? plan.merged.get(id) ?? plan.merged.set(id, []).get(id)!).push(row);
  plan.personOf.set(row, id);
  reviewErasedPoints(st, row, id);
  const known = names.get(id);
  // As the stored person's blanks are filled (and foldRows takes the first name given).
  if (!known?.given || !known.family) names.set(id, { given: known?.given || row.given, family: known?.family || row.family });
  for (const k of keys) if (!points.has(k)) points.set(k, id);
  // A point of a person this one was created apart from (a household's phone) is no conflict: it is why.
  for (const other of ids) {
    if (other !== id && !st.sharers.get(other)?.some((p) => p.id === id)) plan.reviews.push({ kind: 'conflict', personId: id, otherId: other, score: 1, reason: 'the email and the phone of one row belong to two people', line: row.line });
  }
}

/** Queues for review a row that brings back, for person `id`, emails or phones of erased people of other names that nobody holds again yet; call before its points are assigned. */
function reviewErasedPoints(st: PlanState, row: PersonRow, id: number): void {
  const back = row.sharesErased?.filter((k) => !st.points.has(k)) ?? [];
  if (back.length) st.plan.reviews.push({ kind: 'erased', personId: id, otherId: null, score: null, reason: erasedReason(back), line: row.line });
}

/** Creates a new person from a row: apart from the people of another name its points lead to (`ids`), if any, and compared with its block. */
function createRow(st: PlanState, row: PersonRow, id: number, keys: readonly string[], ids: readonly number[]): void {
  const { plan, points } = st;
  plan.created.set(id, [row]);
  plan.personOf.set(row, id);
  st.names.set(id, { given: row.given, family: row.family });
  reviewErasedPoints(st, row, id);
  for (const other of ids) {
    plan.reviews.push({ kind: 'shared', personId: id, otherId: other, score: null, reason: sharedReason(keys, points, other), line: row.line });
    (st.sharers.get(other) ?? st.sharers.set(other, []).get(other)!).push({ id, given: row.given, family: row.family });
  }
  // The points another person holds stay theirs (one holder each); the row's others are the new person's.
  for (const k of keys) if (!points.has(k)) points.set(k, id);
  if (!row.blockKey) return;
  const like = likeOf(row);
  const here = st.blocks.get(row.blockKey) ?? [];
  const best = bestMatch(like, candidatesOf(st.lookups.blocks.get(row.blockKey) ?? [], here));
  if (best) plan.reviews.push({ kind: 'fuzzy', personId: id, otherId: best.id, score: best.score, reason: 'similar name and address', line: row.line });
  here.push({ id, ...like });
  st.blocks.set(row.blockKey, here);
}

/** The person created apart before under this row's name, from one of the people its points lead to: the first, by id. */
function sharerOf(row: PersonRow, ids: readonly number[], sharers: ReadonlyMap<number, readonly NamedPerson[]>): number | undefined {
  let found: number | undefined;
  for (const id of ids) for (const p of sharers.get(id) ?? []) if ((found === undefined || p.id < found) && (p.given || p.family) && !namesDiffer(row, p)) found = p.id;
  return found;
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
    objections: union((r) => r.objections),
    noticeVersion: pick('noticeVersion'),
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
