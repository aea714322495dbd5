import { InputError } from '../../core/errors';
import { ageBand } from '../../contacts/normalise/demography';
import type { FieldDb } from '../tables';
import type { Marginal } from './types';

/** A district's population per attribute, and how many people it could not place on each. */
export interface AreaPopulation {
  readonly population: Record<string, Marginal>;
  readonly people: number;
  /** Per attribute, people with no value (left out of the shares: missing, not a value of their own). */
  readonly missing: Record<string, number>;
}

/** The attributes `populationFromPeople` can count. */
export const PEOPLE_ATTRIBUTES = ['age_band', 'gender'] as const;

/**
 * The adults of an area in contacts (`people.area`), counted by gender and by age band (from
 * `birth_year`, bands of `ageBand`). People under 18 are left out: they do not vote and no team
 * should mirror them. A person without a gender or birth year counts in `missing` only — were
 * "unknown" a value, the team would be asked to hold canvassers of unknown gender.
 */
export async function populationFromPeople(db: FieldDb, area: string, now = new Date()): Promise<AreaPopulation> {
  const rows = await db.selectFrom('people').select(['gender', 'birth_year', (eb) => eb.fn.countAll<number>().as('n')]).where('area', '=', area).groupBy(['gender', 'birth_year']).execute();
  const gender: Marginal = {};
  const age: Marginal = {};
  const missing = { age_band: 0, gender: 0 };
  let people = 0;
  for (const r of rows) {
    const band = r.birth_year === null ? null : ageBand(Number(r.birth_year), now);
    if (band === 'under 18') continue;
    const n = Number(r.n);
    people += n;
    if (r.gender) gender[r.gender] = (gender[r.gender] ?? 0) + n;
    else missing.gender += n;
    if (band) age[band] = (age[band] ?? 0) + n;
    else missing.age_band += n;
  }
  return { population: { age_band: age, gender }, people, missing };
}

/** Populations given explicitly (census shares or counts), per area; `"*"` for every area not named. */
export type PopulationFile = Record<string, Record<string, Marginal>>;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Checks a population file: `{"<area>": {"<attribute>": {"<value>": count or share}}}`, e.g.
 * `{"29019_0001": {"gender": {"female": 0.52, "male": 0.48}}, "*": {…}}`.
 */
export function parsePopulationFile(value: unknown, where = 'population'): PopulationFile {
  if (!isRecord(value)) throw new InputError(`${where}: expected an object of areas, each {"<attribute>": {"<value>": count or share}}, found ${JSON.stringify(value)?.slice(0, 80)}`, where);
  for (const [area, attributes] of Object.entries(value)) {
    if (!isRecord(attributes)) throw new InputError(`${where}.${area}: expected an object of attributes, found ${JSON.stringify(attributes)?.slice(0, 80)}`, where);
    for (const [attribute, marginal] of Object.entries(attributes)) {
      if (!isRecord(marginal)) throw new InputError(`${where}.${area}.${attribute}: expected an object of counts or shares per value, found ${JSON.stringify(marginal)?.slice(0, 80)}`, where);
      for (const [v, n] of Object.entries(marginal)) {
        if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new InputError(`${where}.${area}.${attribute}.${v}: expected a count or share ≥ 0, found ${JSON.stringify(n)}`, where);
      }
    }
  }
  return value as PopulationFile;
}
