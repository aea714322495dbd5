/** Counts or shares of a population per value of one attribute (`{"female": 512, "male": 488}`). */
export type Marginal = Record<string, number>;

/** A district to staff: its population's mix on each attribute and its turfs in walking order. */
export interface DistrictInput {
  readonly id: string;
  /** Per attribute, counts or shares per value (normalised per attribute). */
  readonly population: Record<string, Marginal>;
  /** Turf ids in walking order. */
  readonly turfs: readonly number[];
  /** Team size wanted; default enough walkers to cover the turfs (see `assignTeams`). */
  readonly size?: number | undefined;
}

export interface CanvasserInput {
  readonly user: string;
  /** Home district: preferred for this canvasser, not binding. */
  readonly district?: string | null | undefined;
  readonly attributes: Readonly<Record<string, string>>;
  /** Slot names (`sat-am`, `sun-pm`). */
  readonly availability: readonly string[];
}

export interface AssignInput {
  readonly districts: readonly DistrictInput[];
  readonly canvassers: readonly CanvasserInput[];
  /** The attributes the teams should mirror (`age_band`, `gender`). */
  readonly attributes: readonly string[];
  /** Only canvassers available in this slot take part; without it everyone does. */
  readonly slot?: string | undefined;
  /** Canvassers walk in pairs. */
  readonly pairs?: boolean | undefined;
  /** Turfs one walker (a canvasser, or a pair) covers in the slot; default 1. */
  readonly turfsPerCanvasser?: number | undefined;
}

export interface TeamTurf {
  readonly turfId: number;
  readonly users: readonly string[];
}

export interface Team {
  readonly district: string;
  /** Members in the input order of canvassers. */
  readonly members: readonly string[];
  readonly pairs: readonly (readonly [string, string])[] | null;
  /** The largest total variation distance over the attributes (1 for an empty team). */
  readonly tvd: number;
  readonly tvdMean: number;
  readonly tvdByAttribute: Readonly<Record<string, number>>;
  /** The team size wanted, and the closest any team of the actual size could get (rounding alone). */
  readonly wanted: number;
  readonly bestPossible: number;
  readonly turfs: readonly TeamTurf[];
}

export interface AssignResult {
  readonly teams: readonly Team[];
  /** Canvassers available (in the slot) but in no team, in input order. */
  readonly unassigned: readonly string[];
  /** Canvassers not available in the slot, in input order. */
  readonly unavailable: readonly string[];
  readonly notes: readonly string[];
}

/** The goal the teams aim for: a team whose largest TVD is at most this mirrors its district well. */
export const TVD_GOAL = 0.1;
