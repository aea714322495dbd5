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

/** A sample area as `GET /api/field/areas` lists it (src/field/areas/list.ts). */
export interface AreaSummary {
  id: string;
  name: string;
  source: string | null;
  registered: number;
  stations: number;
  addresses: number;
  doors: number;
}

/** A turf as `GET /api/field/campaigns/{id}/turfs` lists it (src/field/turf-store/read.ts). */
export interface TurfSummary {
  id: number;
  campaignId: number;
  areaId: string;
  number: number;
  /** Households (the sum of the addresses' doors). */
  doors: number;
  addresses: number;
  /** Addresses with at least one event, and with a `contacted` one. */
  knocked: number;
  contacts: number;
  lat: number | null;
  lon: number | null;
  version: number;
  updatedAt: number;
}

export interface TurfDoor {
  addressId: number;
  seq: number;
  street: string | null;
  number: string | null;
  postcode: string | null;
  city: string | null;
  lat: number;
  lon: number;
  doors: number;
  state: { result: string; dnc: boolean } | null;
}

/** `GET /api/field/turfs/{id}`: the turf's figures, its `addresses` being the doors in walking order. */
export interface TurfDetail extends Omit<TurfSummary, 'addresses'> {
  addresses: TurfDoor[];
}

/** The answer of a cut: totals over the areas cut (src/server/routes/field-turfs.ts). */
export interface CutAnswer {
  turfs: number;
  doors: number;
  addresses: number;
  target: number;
  /** Share of the turfs within ±tolerance of the target; null with no turf. */
  withinTolerance: number | null;
  tolerance: number;
  areas: { areaId: string; turfs: number; replaced: number; endedAssignments: number; min: number | null; max: number | null }[];
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

/** `GET /api/field/canvassers` (src/field/team/canvassers.ts). */
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

/** `POST /api/field/campaigns/{id}/teams`: the plan (src/field/team/plan.ts), and with apply what was saved. */
export interface TeamsAnswer {
  teams: Team[];
  unassigned: string[];
  unavailable: string[];
  notes: string[];
  populationSource: Record<string, 'given' | 'contacts'>;
  applied: { ended: number; assignments: Assignment[] } | null;
}

/** An address point not in any turf yet (`GET /api/field/areas/{id}/addresses`). */
export interface AreaAddress {
  id: number;
  street: string | null;
  number: string | null;
  lat: number;
  lon: number;
  doors: number;
  station: string | null;
}

export interface Assignment {
  id: number;
  turfId: number;
  /** null once the turf was merged away or cut again. */
  turfNumber: number | null;
  areaId: string | null;
  user: string;
  partner: string | null;
  slot: string | null;
  assignedBy: string;
  assignedAt: number;
  endsAt: number | null;
  endedAt: number | null;
}

export const num = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-GB'));
export const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)} %`);

