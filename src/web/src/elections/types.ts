/** The elections API's answers, as the page reads them (see src/server/routes/elections.ts). */

export interface RoundSummary {
  round: number;
  label: string | null;
  format: string;
  units: number;
  /** Its districts (constituencies), naturally sorted; empty when its format gives none. */
  districts: string[];
  /** Whether any option names a party (what pooling by party needs). */
  parties: boolean;
}

export interface ElectionSummary {
  id: string;
  name: string;
  rounds: RoundSummary[];
}

export interface OptionFigure {
  key: string;
  label: string;
  kind: string;
  votes: number;
  ofRegistered: number | null;
  ofExpressed: number | null;
}

export interface TurnoutFigures {
  registered: number | null;
  voters: number;
  turnout: number | null;
  abstention: number | null;
  blank: number;
  null: number;
  expressed: number;
  options: OptionFigure[];
}

export interface UnitTurnout extends TurnoutFigures {
  code: string;
  name: string | null;
  district: string | null;
  /** Where its polling station is, when the field module's stations say (else null). */
  lat: number | null;
  lon: number | null;
}

export interface TurnoutAnswer {
  election: string;
  round: number;
  total: TurnoutFigures;
  units: UnitTurnout[];
}

export interface Matching {
  matched: number;
  unmatchedFrom: string[];
  unmatchedTo: string[];
  setAside: string[];
}

export interface TransfersAnswer {
  method: string;
  rows: string[];
  cols: string[];
  matrix: number[][];
  ci95: [number, number][][] | null;
  votes: number[][];
  diagnostics: Record<string, unknown>;
  matching: Matching;
  /** What the reader should know of how the rounds were pooled (e.g. by party over districts with different line-ups). */
  notes: string[];
}

export interface ProjectedFigures {
  votes: number[];
  lo: number[];
  hi: number[];
  share: number[];
  shareLo: number[];
  shareHi: number[];
  winProbability: number[];
}

export interface ProjectionAnswer {
  cols: string[];
  total: ProjectedFigures;
  units: (ProjectedFigures & { code: string })[];
  actual: { total: number[]; units: Record<string, number[]> } | null;
  method: string;
  matching: Matching;
}

export interface SampleArea {
  rank: number;
  stations: string[];
  registered: number;
  gain: number;
  perThousand: number;
  nearness: string;
}

export interface PriorityAnswer {
  rule: { rows: string[]; col: string };
  areas: SampleArea[];
  stations: { code: string; name?: string; registered: number; gain: number; perThousand: number }[];
  /** Every station with coordinates (the field module's stations), for the map. */
  placed: { code: string; lat: number; lon: number; gain: number; perThousand: number }[];
}
