import { RESULT_CODES } from '../campaigns';

/**
 * Door-knocking progress (pure): per turf from three grouped queries, then summed per area and for
 * the campaign. Definitions, the same at every level:
 * - addresses: address points in the turfs; doors: the sum of their `doors` (households);
 * - knocked: addresses with at least one event; contacts: addresses with at least one `contacted`
 *   event; attempts: events (every knock, repeat visits included);
 * - results: addresses by their current state (`field_door_state`), `do_not_contact` when the
 *   door's sticky flag is set whatever the last result; addresses never knocked are in none;
 * - shareKnocked: knocked / addresses (null with no address).
 * Doors count by their current turf: an event made before an organiser moved the door counts where
 * the door is now.
 */

export type ResultCounts = Record<(typeof RESULT_CODES)[number], number>;

export interface DoorCounts {
  readonly addresses: number;
  readonly doors: number;
  readonly knocked: number;
  readonly contacts: number;
  readonly attempts: number;
  readonly results: ResultCounts;
  readonly shareKnocked: number | null;
}

export interface TurfProgress extends DoorCounts {
  readonly turfId: number;
  readonly areaId: string;
  readonly number: number;
}

export interface AreaProgress extends DoorCounts {
  readonly areaId: string;
  readonly turfs: number;
}

export interface CampaignProgress extends DoorCounts {
  readonly campaignId: number;
  readonly areas: number;
  readonly turfs: number;
}

/** A turf's addresses and doors. */
export interface TurfBase {
  readonly turfId: number;
  readonly areaId: string;
  readonly number: number;
  readonly addresses: number;
  readonly doors: number;
}

/** A turf's events, counted by the addresses now in it. */
export interface TurfEvents {
  readonly turfId: number;
  readonly attempts: number;
  readonly knocked: number;
  readonly contacts: number;
}

/** Addresses of a turf by current result (`dnc` = the sticky do-not-contact flag). */
export interface TurfStates {
  readonly turfId: number;
  readonly result: string;
  readonly dnc: boolean;
  readonly n: number;
}

export function emptyResults(): ResultCounts {
  return Object.fromEntries(RESULT_CODES.map((c) => [c, 0])) as ResultCounts;
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Progress of each turf (in the order of `bases`); a state with a result code outside the vocabulary is a StoreError upstream, so here it is counted under none. */
export function turfProgress(bases: readonly TurfBase[], events: readonly TurfEvents[], states: readonly TurfStates[]): TurfProgress[] {
  const byTurf = new Map(events.map((e) => [e.turfId, e]));
  const results = new Map<number, ResultCounts>();
  for (const s of states) {
    const counts = results.get(s.turfId) ?? emptyResults();
    const code = s.dnc ? 'do_not_contact' : s.result;
    if (code in counts) counts[code as keyof ResultCounts] += s.n;
    results.set(s.turfId, counts);
  }
  return bases.map((b) => {
    const e = byTurf.get(b.turfId) ?? { attempts: 0, knocked: 0, contacts: 0 };
    return { ...b, attempts: e.attempts, knocked: e.knocked, contacts: e.contacts, results: results.get(b.turfId) ?? emptyResults(), shareKnocked: share(e.knocked, b.addresses) };
  });
}

/** The sum of several rows' counts, with its share recomputed. */
export function sumCounts(rows: readonly DoorCounts[]): DoorCounts {
  const results = emptyResults();
  let addresses = 0, doors = 0, knocked = 0, contacts = 0, attempts = 0;
  for (const r of rows) {
    addresses += r.addresses;
    doors += r.doors;
    knocked += r.knocked;
    contacts += r.contacts;
    attempts += r.attempts;
    for (const c of RESULT_CODES) results[c] += r.results[c];
  }
  return { addresses, doors, knocked, contacts, attempts, results, shareKnocked: share(knocked, addresses) };
}

/** Turfs summed per area, areas in first-seen order (turf rows come sorted by area). */
export function areaProgress(turfs: readonly TurfProgress[]): AreaProgress[] {
  const groups = new Map<string, TurfProgress[]>();
  for (const t of turfs) {
    const rows = groups.get(t.areaId);
    if (rows) rows.push(t);
    else groups.set(t.areaId, [t]);
  }
  return [...groups].map(([areaId, rows]) => ({ areaId, turfs: rows.length, ...sumCounts(rows) }));
}

export function campaignProgress(campaignId: number, turfs: readonly TurfProgress[]): CampaignProgress {
  return { campaignId, areas: new Set(turfs.map((t) => t.areaId)).size, turfs: turfs.length, ...sumCounts(turfs) };
}
