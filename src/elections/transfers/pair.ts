import { InputError } from '../../core/errors';
import type { RoundResults } from '../formats/types';
import { matchUnits } from '../match';

/** Two rounds' counts, unit by unit, ready for prepareTransfer; and what did not pair up. */
export interface PairedRounds {
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  readonly units: readonly string[];
  readonly x: number[][];
  readonly y: number[][];
  /** Unit codes found in only one round: reported, never used silently. */
  readonly unmatchedFrom: readonly string[];
  readonly unmatchedTo: readonly string[];
  /** Registered voters per paired unit (first round's, else second's, else null). */
  readonly registered: readonly (number | null)[];
  /** Units' names and districts, for reports. */
  readonly names: readonly (string | null)[];
  readonly districts: readonly (string | null)[];
}

/**
 * Pairs the units of two rounds by normalised code (every option of each round, abstention, blank
 * and null included, is a row or a column). Fails when no unit pairs up at all.
 */
export function pairRounds(from: RoundResults, to: RoundResults): PairedRounds {
  const m = matchUnits(from.units, to.units);
  if (m.matched.length === 0) {
    const eg = (r: RoundResults) => r.units.slice(0, 3).map((u) => u.sourceCode).join(', ');
    throw new InputError(`no unit of the first round matches one of the second by code (first round: ${eg(from)}…; second: ${eg(to)}…)`);
  }
  return {
    rows: from.options.map((o) => o.key),
    cols: to.options.map((o) => o.key),
    units: m.matched.map(([a]) => a.code),
    x: m.matched.map(([a]) => [...a.counts]),
    y: m.matched.map(([, b]) => [...b.counts]),
    unmatchedFrom: m.onlyInA.map((u) => u.code),
    unmatchedTo: m.onlyInB.map((u) => u.code),
    registered: m.matched.map(([a, b]) => a.registered ?? b.registered ?? null),
    names: m.matched.map(([a, b]) => a.name ?? b.name ?? null),
    districts: m.matched.map(([a, b]) => a.district ?? b.district ?? null),
  };
}
