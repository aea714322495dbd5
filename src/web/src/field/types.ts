/**
 * The JSON the field routes answer (src/server/routes/field-*.ts), copied here: the web build
 * does not import server modules.
 */

export const RESULTS = ['contacted', 'not_home', 'refused', 'moved', 'come_back', 'do_not_contact'] as const;
export type ResultCode = (typeof RESULTS)[number];

export interface CampaignSummary {
  id: number;
  name: string;
  purpose: string;
  createdAt: number;
}

export interface AreaSummary {
  id: string;
  name: string;
  stations: number;
  addresses: number;
  doors: number;
}

export interface TurfSummary {
  id: number;
  areaId: string;
  number: number;
  doors: number;
  lat: number | null;
  lon: number | null;
  version: number;
  knocked: number;
}

export interface TurfDoor {
  addressId: number;
  seq: number;
  street: string | null;
  number: string | null;
  lat: number;
  lon: number;
  doors: number;
  state: { result: string; dnc: boolean } | null;
}

export interface TurfDetail extends TurfSummary {
  addresses: TurfDoor[];
}

export interface CutAnswer {
  turfs: number;
  doors: number;
  target: number;
  /** Share of turfs within ±25 % of the target. */
  withinTolerance: number;
}

/** Counts of one turf, area or campaign (src/field/progress/tally.ts). */
export interface DoorCounts {
  addresses: number;
  doors: number;
  knocked: number;
  contacts: number;
  attempts: number;
  results: Record<ResultCode, number>;
  shareKnocked: number | null;
}

export interface ProgressRow extends DoorCounts {
  turfId?: number;
  areaId?: string;
  number?: number;
  campaignId?: number;
  turfs?: number;
  areas?: number;
}

export interface ProgressAnswer {
  by: 'turf' | 'area' | 'campaign';
  rows: ProgressRow[];
}

/** One option of one question in one area (src/field/progress/answers.ts); null figures are suppressed. */
export interface AnswerCell {
  option: string;
  label: string;
  count: number | null;
  share: number | null;
  ci95: [number, number] | null;
  suppressed: boolean;
}

export interface QuestionTable {
  question: string;
  kind: 'single' | 'multiple' | 'scale' | 'text';
  text: string;
  base: number | null;
  baseSuppressed: boolean;
  ignored: number;
  options: AnswerCell[];
}

export interface AnswersAnswer {
  /** areaId null: every area of the campaign together. */
  areas: { areaId: string | null; questions: QuestionTable[] }[];
}

export interface CompareRow {
  area: string;
  surveyShare: number | null;
  ci95: [number, number] | null;
  base: number | null;
  suppressed: boolean;
  electionShare: number | null;
  votes: number;
  expressed: number;
  stations: number;
  matchedStations: number;
}

export interface CompareAnswer {
  rows: CompareRow[];
}

export interface Canvasser {
  user: string;
  personId: number | null;
  district: string | null;
  attributes: Record<string, string>;
  availability: string[];
}

/** One district's team (src/field/team/types.ts). */
export interface Team {
  district: string;
  members: string[];
  pairs: [string, string][] | null;
  /** The largest total variation distance over the attributes. */
  tvd: number;
  tvdByAttribute: Record<string, number>;
  wanted: number;
  bestPossible: number;
  turfs: { turfId: number; users: string[] }[];
}

export interface TeamsAnswer {
  teams: Team[];
  unassigned: string[];
  unavailable: string[];
  notes: string[];
}

export interface Assignment {
  id: number;
  turfId: number;
  turfNumber: number;
  areaId: string;
  user: string;
  partner: string | null;
  slot: string | null;
  assignedAt: number;
}

export const num = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-GB'));
export const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)} %`);

