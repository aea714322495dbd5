/**
 * Priority of polling stations: the votes a campaign can gain in each, from the per-station transfer
 * matrices of an earlier pair of rounds (lp's refinement or md-bayes) and that earlier round's results.
 */

/** Which first-round voters count as the campaign's, and which second-round behaviour it can change. */
export interface GainRule {
  /** First-round options whose voters are the campaign's sympathisers (row indexes). */
  readonly rows: readonly number[];
  /** The second-round option they can be moved from (e.g. abstention), as a column index. */
  readonly col: number;
}

export interface StationInput {
  readonly code: string;
  readonly name?: string;
  readonly district?: string;
  readonly registered: number;
  /** First-round counts, one per row option. */
  readonly x: readonly number[];
  /** This station's transfer shares, rows × cols. */
  readonly matrix: readonly (readonly number[])[];
}

export interface StationScore {
  readonly code: string;
  readonly name?: string;
  readonly district?: string;
  readonly registered: number;
  /** Sympathisers who took `col` in the second round: the votes there are to gain. */
  readonly gain: number;
  /** gain per 1,000 registered voters: where a door knocked is worth most. */
  readonly perThousand: number;
}

/**
 * gain_i = Σ_{r ∈ rule.rows} x_ir · P_i[r][rule.col] — e.g. the campaign's first-round voters estimated to
 * have abstained in the second round in station i (its "abstaining sympathisers").
 */
export function scoreStations(stations: readonly StationInput[], rule: GainRule): StationScore[] {
  if (rule.rows.length === 0) throw new RangeError('scoreStations: no sympathiser rows given');
  return stations
    .map((s) => {
      let gain = 0;
      for (const r of rule.rows) {
        const share = s.matrix[r]?.[rule.col];
        if (share === undefined) throw new RangeError(`scoreStations: station ${s.code} has no cell [${r}][${rule.col}]`);
        gain += (s.x[r] ?? 0) * share;
      }
      const perThousand = s.registered > 0 ? (1000 * gain) / s.registered : 0;
      return { code: s.code, name: s.name, district: s.district, registered: s.registered, gain, perThousand };
    })
    .sort((a, b) => b.perThousand - a.perThousand || b.gain - a.gain || a.code.localeCompare(b.code));
}
