/**
 * The field API as the phone sees it (docs/field-design.md). Copied here rather than imported: the
 * web build never imports server modules.
 */

export const RESULTS = ['contacted', 'not_home', 'refused', 'moved', 'come_back', 'do_not_contact'] as const;
export type ResultCode = (typeof RESULTS)[number];

export type Answer = string | string[] | number;

export interface ConsentChoice {
  purpose: string;
  channel: string;
  granted: boolean;
}

/** One record made on the phone; `id` is generated here (UUID v4), `at` is the phone's clock in ms. */
export interface FieldEvent {
  id: string;
  campaignId: number;
  turfId: number;
  addressId: number;
  personId: number | null;
  result: ResultCode;
  answers?: Record<string, Answer>;
  consents?: ConsentChoice[];
  /** The version of the notice this phone showed (its script's), which the consents cite. */
  noticeVersion?: string;
  at: number;
}

export interface SyncAnswer {
  stored: string[];
  duplicates: string[];
  rejected: { id: string; error: string }[];
}

export type Question =
  | { id: string; kind: 'single' | 'multiple'; text: string; options: { id: string; label: string }[] }
  | { id: string; kind: 'scale'; text: string; min: number; max: number }
  | { id: string; kind: 'text'; text: string };

export interface Script {
  intro?: string;
  questions: Question[];
  consents: { purpose: string; channel: string; text: string }[];
  notice?: { version: string; text: string } | null;
}

export interface PackageCampaign {
  id: number;
  name: string;
  purpose?: string;
  script: Script;
}

export interface PackagePerson {
  id: number;
  givenName: string | null;
  familyName: string | null;
}

/** A door's state on the server: `at`/`eventId` (when sent) let the phone apply the (at, id) rule exactly. */
export interface DoorState {
  result: ResultCode;
  dnc: boolean;
  at?: number;
  eventId?: string;
}

export interface PackageDoor {
  addressId: number;
  seq: number;
  street: string | null;
  number: string | null;
  lat: number;
  lon: number;
  doors: number;
  state: DoorState | null;
  people: PackagePerson[];
}

export interface PackageTurf {
  id: number;
  campaignId: number;
  number: number;
  areaId?: string;
  /** The live lock, whoever holds it (this canvasser or their partner), or null. */
  lock: { user: string; expiresAt: number } | null;
  doors: PackageDoor[];
}

export interface PackageAssignment {
  turfId: number;
  partner: string | null;
  endsAt: number | null;
}

/** `GET /api/field/my`. */
export interface FieldPackage {
  user: string;
  assignments: PackageAssignment[];
  campaigns: PackageCampaign[];
  turfs: PackageTurf[];
  ended: number[];
}

export interface CheckoutConflict {
  error: string;
  holder: string;
  expiresAt: number;
}
