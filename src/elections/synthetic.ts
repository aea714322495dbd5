import { dirichletInto, multinomial } from '../core/distributions';
import { createRandom } from '../core/random';
import type { TransferInput } from './transfers/types';

/**
 * Synthetic two-round results with a known truth, to validate vote-transfer estimators. Each unit has a
 * composition of first-round options (Dirichlet around the overall shares), a transfer matrix drawn
 * around the true one (heterogeneity), optionally tilted by the unit's composition (contextual
 * effects), and voters assigned by multinomial draws, so the true cross-table of every unit is known.
 */
export interface SyntheticSettings {
  readonly seed: number;
  readonly units: number;
  /** Mean voters per unit; each unit has between half and 1.5 times as many. */
  readonly voters: number;
  /** rows × cols true transfer matrix (row shares; rows need not be normalised). */
  readonly matrix: readonly (readonly number[])[];
  /** Overall first-round shares (default equal). */
  readonly rowShares?: readonly number[];
  /** Concentration of unit compositions around rowShares (default 8; smaller = more varied units). */
  readonly compositionConcentration?: number;
  /** Concentration κ of each unit's row r around the true row: β_ir ~ Dirichlet(κ P_r). Infinity = none (default). */
  readonly heterogeneity?: number;
  /**
   * Strength γ of contextual effects: β_irc ∝ P_rc · exp(γ (p_i,g(c) − p̄_g(c))), where g(c) = c mod rows
   * is the row option 'behind' column c and p_i its share in unit i: a strong option pulls every voter
   * of the unit towards its column. 0 = none (default).
   */
  readonly contextual?: number;
  /** Adds an abstention row and column: this share of each row abstains in round 2, and abstainers mostly stay so. */
  readonly abstention?: number;
}

export interface SyntheticElection {
  readonly input: TransferInput;
  /** rows × cols true votes, summed over units. */
  readonly truth: number[][];
  /** units × rows × cols true votes. */
  readonly unitTruth: number[][][];
}

function withAbstention(matrix: readonly (readonly number[])[], a: number): number[][] {
  const C = matrix[0]!.length;
  const rows = matrix.map((row) => {
    const s = row.reduce((x, y) => x + y, 0);
    return [...row.map((v) => ((1 - a) * v) / s), a];
  });
  rows.push([...new Array<number>(C).fill(0.25 / C), 0.75]);
  return rows;
}

function unitMatrix(settings: SyntheticSettings, P: readonly (readonly number[])[], comp: readonly number[], mean: readonly number[], next: () => number): number[][] {
  const R = P.length;
  const C = P[0]!.length;
  const gammaCtx = settings.contextual ?? 0;
  const kappa = settings.heterogeneity ?? Infinity;
  const out = new Float64Array(C);
  return P.map((row) => {
    const tilted = row.map((p, c) => p * Math.exp(gammaCtx * ((comp[c % R] ?? 0) - (mean[c % R] ?? 0))));
    const sum = tilted.reduce((a, b) => a + b, 0);
    const centre = tilted.map((v) => v / sum);
    if (!Number.isFinite(kappa)) return centre;
    dirichletInto(next, centre.map((v) => v * kappa), out);
    return Array.from(out);
  });
}

/** A synthetic election drawn from the settings; the same settings give the same election. */
export function syntheticElection(settings: SyntheticSettings): SyntheticElection {
  const random = createRandom(settings.seed);
  const next = random.next;
  const P = settings.abstention !== undefined ? withAbstention(settings.matrix, settings.abstention) : settings.matrix.map((r) => [...r]);
  const R = P.length;
  const C = P[0]!.length;
  const shares = settings.rowShares ?? new Array<number>(R).fill(1 / R);
  const conc = settings.compositionConcentration ?? 8;
  const compBuf = new Float64Array(R);
  const comps = Array.from({ length: settings.units }, () => {
    dirichletInto(next, shares.map((s) => s * conc * R), compBuf);
    return Array.from(compBuf);
  });
  const mean = Array.from({ length: R }, (_, r) => comps.reduce((s, c) => s + c[r]!, 0) / comps.length);
  const unitTruth = comps.map((comp) => {
    const voters = Math.round(settings.voters * (0.5 + next()));
    const x = multinomial(next, voters, comp);
    const B = unitMatrix(settings, P, comp, mean, next);
    return x.map((xr, r) => multinomial(next, xr, B[r]!));
  });
  const x = unitTruth.map((t) => t.map((row) => row.reduce((a, b) => a + b, 0)));
  const y = unitTruth.map((t) => Array.from({ length: C }, (_, c) => t.reduce((s, row) => s + row[c]!, 0)));
  const truth = Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c) => unitTruth.reduce((s, t) => s + t[r]![c]!, 0)));
  const rows = Array.from({ length: R }, (_, r) => (settings.abstention !== undefined && r === R - 1 ? 'abstention' : `row ${r + 1}`));
  const cols = Array.from({ length: C }, (_, c) => (settings.abstention !== undefined && c === C - 1 ? 'abstention' : `col ${c + 1}`));
  const units = unitTruth.map((_, i) => `unit ${i + 1}`);
  return { input: { rows, cols, units, x, y }, truth, unitTruth };
}
