import { UsageError } from '../../core/errors';
import { createRandom } from '../../core/random';
import { syntheticRow } from './attributes';
import { createContext, identityOf, newPerson, type Person } from './person';
import type { SyntheticContact, SyntheticOptions, TruthKind } from './types';
import { badIdentity, exactIdentity, fuzzyIdentity } from './variants';

/** People a duplicate can repeat: a uniform sample of all earlier people (reservoir), so memory stays flat. */
const RESERVOIR = 10_000;

function checkOptions(o: SyntheticOptions): Required<SyntheticOptions> {
  const full = { duplicates: 0.03, bad: 0.001, country: 'FR' as const, ...o };
  if (!Number.isSafeInteger(full.rows) || full.rows < 0) throw new UsageError(`rows: expected a whole number ≥ 0, found ${full.rows}`);
  if (!Number.isFinite(full.seed)) throw new UsageError(`seed: expected a number, found ${full.seed}`);
  for (const k of ['duplicates', 'bad'] as const) {
    if (!(full[k] >= 0 && full[k] <= 1)) throw new UsageError(`${k}: expected a share between 0 and 1, found ${full[k]}`);
  }
  if (full.duplicates + full.bad > 1) throw new UsageError('duplicates + bad: the two shares add up to more than 1');
  if (full.country !== 'FR') throw new UsageError(`country: only FR is supported, found ${String(full.country)}`);
  return full;
}

/**
 * Synthetic contacts for demos, tests and benchmarks: French people at real Hérault and Finistère
 * addresses, with a known share of duplicate and invalid rows, each row carrying its `truth` (which
 * person it is, and whether it is new, a repeat or bad) so that an import's validation and dedupe can
 * be scored. Streams: any number of rows in bounded memory. The same options give the same rows.
 */
export function* syntheticContacts(options: SyntheticOptions): Generator<SyntheticContact, void, undefined> {
  const { rows, seed, duplicates, bad } = checkOptions(options);
  const random = createRandom(seed);
  const ctx = createContext(random);
  const reservoir: Person[] = [];
  let persons = 0;
  let originals = 0;
  for (let row = 1; row <= rows; row++) {
    const u = random.next();
    if (u < bad) {
      const p = newPerson(ctx, persons++);
      const { identity, field } = badIdentity(ctx, p);
      yield syntheticRow(random, p, identity, { row, person: p.id, kind: 'bad', field });
    } else if (u < bad + duplicates && reservoir.length > 0) {
      const p = reservoir[random.int(reservoir.length)]!;
      const kind: TruthKind = p.email !== null && random.chance(0.5) ? 'exact' : 'fuzzy';
      const identity = kind === 'exact' ? exactIdentity(ctx, p) : fuzzyIdentity(ctx, p);
      yield syntheticRow(random, p, identity, { row, person: p.id, kind });
    } else {
      const p = newPerson(ctx, persons++);
      // Algorithm R (Vitter 1985): the reservoir holds each earlier new person with equal probability.
      originals++;
      if (reservoir.length < RESERVOIR) reservoir.push(p);
      else {
        const j = random.int(originals);
        if (j < RESERVOIR) reservoir[j] = p;
      }
      yield syntheticRow(random, p, identityOf(p), { row, person: p.id, kind: 'new' });
    }
  }
}
