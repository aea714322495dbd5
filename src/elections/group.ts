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
