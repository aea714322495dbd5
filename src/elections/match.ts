import type { UnitResult } from './formats/types';

/** Two rounds' units paired by code, and those that found no partner. */
export interface UnitMatch<A extends Pick<UnitResult, 'code'>, B extends Pick<UnitResult, 'code'>> {
  /** Pairs in the order of `a`. */
  readonly matched: readonly (readonly [A, B])[];
  readonly onlyInA: readonly A[];
  readonly onlyInB: readonly B[];
}

/**
 * Pairs the units of two rounds by their normalised codes (see normaliseUnitCode: zero-padding,
 * case and spaces do not count). Units without a partner are returned, never dropped, so that a
 * caller can report them. Codes are unique within a round (readers reject repeats).
 */
export function matchUnits<A extends Pick<UnitResult, 'code'>, B extends Pick<UnitResult, 'code'>>(a: readonly A[], b: readonly B[]): UnitMatch<A, B> {
  const byCode = new Map<string, B>();
  for (const u of b) byCode.set(u.code, u);
  const matched: (readonly [A, B])[] = [];
  const onlyInA: A[] = [];
  const used = new Set<string>();
  for (const u of a) {
    const partner = byCode.get(u.code);
    if (partner === undefined || used.has(u.code)) onlyInA.push(u);
    else {
      matched.push([u, partner]);
      used.add(u.code);
    }
  }
  const onlyInB = b.filter((u) => !used.has(u.code));
  return { matched, onlyInA, onlyInB };
}
