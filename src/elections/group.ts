import { InputError } from '../core/errors';
import type { ResultOption, RoundResults, UnitResult } from './formats/types';

/**
 * Pools a round's choices by party: every choice with the same `party` becomes one option keyed
 * by the party ("RN", "UG", …) whose count is the sum of its candidates'. Non-choices and choices
 * without a party are kept as they are. With several constituencies in one file, each party's
 * candidates become one option across all of them, so the constituencies can be analysed together.
 */
export function groupByParty(round: RoundResults): RoundResults {
  const options: ResultOption[] = [];
  const keyIndex = new Map<string, number>();
  const target = round.options.map((o) => {
    const pooled = o.kind === 'choice' && o.party !== undefined;
    const key = pooled ? o.party! : o.key;
    let at = keyIndex.get(key);
    if (at === undefined) {
      at = options.length;
      keyIndex.set(key, at);
      options.push(pooled ? { key, label: key, kind: 'choice', party: key } : o);
    } else if (!pooled || options[at]!.kind !== 'choice' || options[at]!.party !== key) {
      throw new InputError(`--by party: option ${o.key} and party ${key} would share the key "${key}"`);
    }
    return at;
  });
  const units: UnitResult[] = round.units.map((u) => {
    const counts = new Array<number>(options.length).fill(0);
    u.counts.forEach((c, i) => (counts[target[i]!]! += c));
    return { ...u, counts };
  });
  return { ...round, options, units };
}

/** The round's units in one district; refused, with the districts there are, when it has none (`where`: the message's prefix). */
export function inDistrict(round: RoundResults, district: string, where = ''): RoundResults {
  const units = round.units.filter((u) => u.district === district);
  if (units.length > 0) return { ...round, units };
  const known = [...new Set(round.units.map((u) => u.district).filter((d) => d !== undefined))];
  throw new InputError(`${where}no unit in district "${district}"; ${known.length ? `districts: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}` : 'this round has no districts'}`);
}

/** The round without the choices that have no votes in any of its units (the other districts' candidates); the non-choices stay. */
export function withoutAbsentChoices(round: RoundResults): RoundResults {
  const keep = round.options.map((o, k) => o.kind !== 'choice' || round.units.some((u) => u.counts[k]! > 0));
  if (keep.every(Boolean)) return round;
  return { ...round, options: round.options.filter((_, k) => keep[k]), units: round.units.map((u) => ({ ...u, counts: u.counts.filter((_, k) => keep[k]) })) };
}

const hasDistricts = (round: RoundResults): boolean => round.units.some((u) => u.district !== undefined);

/**
 * Both rounds restricted to one district, each without the choices that have no votes there. A
 * round whose format gives no districts keeps the units whose codes are those of the other round's
 * district (units are paired by code). `where` names each round in the messages.
 */
export function pairInDistrict(from: RoundResults, to: RoundResults, district: string, where: [string, string]): [RoundResults, RoundResults] {
  const ownFrom = hasDistricts(from) || !hasDistricts(to);
  const a = ownFrom ? inDistrict(from, district, where[0]) : null;
  const b = hasDistricts(to) ? inDistrict(to, district, where[1]) : null;
  const byCodes = (round: RoundResults, other: RoundResults): RoundResults => {
    const codes = new Set(other.units.map((u) => u.code));
    return { ...round, units: round.units.filter((u) => codes.has(u.code)) };
  };
  const first = a ?? byCodes(from, b!);
  const second = b ?? byCodes(to, first);
  return [withoutAbsentChoices(first), withoutAbsentChoices(second)];
}

/**
 * The distinct line-ups of a round's districts: for each, the choices with votes there. Pooled by
 * party, districts whose line-ups differ cannot share one transfer matrix (a party absent from a
 * district's second round takes none of its votes there).
 */
export function districtLineUps(round: RoundResults): { districts: number; lineUps: number } {
  const byDistrict = new Map<string, Set<number>>();
  for (const u of round.units) {
    if (u.district === undefined) continue;
    let set = byDistrict.get(u.district);
    if (!set) byDistrict.set(u.district, (set = new Set()));
    u.counts.forEach((c, k) => c > 0 && round.options[k]!.kind === 'choice' && set!.add(k));
  }
  const lineUps = new Set([...byDistrict.values()].map((s) => [...s].sort((a, b) => a - b).join(',')));
  return { districts: byDistrict.size, lineUps: lineUps.size };
}

/**
 * What to tell a reader of a matrix pooled by party over districts whose second rounds (`to`) have
 * different line-ups, or null when they share one; `oneDistrict` names how to ask for one district.
 */
export function lineUpWarning(to: RoundResults, oneDistrict: string): string | null {
  const { districts, lineUps } = districtLineUps(to);
  if (lineUps < 2) return null;
  return `pooled by party over ${districts} districts whose second rounds have ${lineUps} different line-ups: one matrix for all of them mixes transfers that differ by district (a party absent from a district's second round takes none of its votes there); estimate each with ${oneDistrict}`;
}
