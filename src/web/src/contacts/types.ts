/** What the contacts API answers (see src/server/routes/contacts*.ts). */

export interface PersonHit {
  id: number;
  givenName: string | null;
  familyName: string | null;
  area: string | null;
  support: number | null;
  tags: number;
  consents: string[];
  withdrawn: number;
}

export interface PeoplePage {
  people: PersonHit[];
  total: number;
}

export interface SourceView {
  id: number;
  kind: string;
  label: string;
  collectedAt: number;
  collector: string;
  basis: string;
  noticeVersion: string | null;
  line: number | null;
}

export interface PersonRecord {
  id: number;
  givenName: string | null;
  familyName: string | null;
  birthYear: number | null;
  gender: string | null;
  language: string | null;
  support: number | null;
  volunteer: boolean;
  area: string | null;
  createdAt: number;
  updatedAt: number;
  contactPoints: { kind: string; value: string; sourceId: number }[];
  addresses: { street: string | null; postcode: string | null; city: string | null; country: string | null; sourceId: number }[];
  tags: { name: string; sourceId: number }[];
  fields: { name: string; value: string; sourceId: number }[];
  activities: { id: number; kind: string; channel: string | null; at: number; actor: string; detail: string | null; sourceId: number }[];
  consents: { id: number; purpose: string; channel: string; granted: boolean; at: number; actor: string; noticeVersion: string | null; source: SourceView | null }[];
  consentState: { purpose: string; channel: string; granted: boolean; at: number }[];
  suppressions: { channel: string; reason: string; at: number }[];
  sources: SourceView[];
}

export interface Mapping {
  columns: Record<string, string>;
  country: string;
  tagSeparator: string;
}

export interface BadRow {
  line: number;
  column: string | null;
  reason: string;
}

export interface ImportPreview {
  header: string[];
  mapping: Mapping;
  ignored: string[];
  sample: { line: number; given: string | null; family: string | null; emails: string[]; phones: string[]; area: string | null; tags: string[]; consents: [string, string, boolean][]; noticeVersion: string | null }[];
  checked: number;
  bad: BadRow[];
  /** What the bad rows' numbers count: lines, or records of a JSON array. */
  position: 'line' | 'record';
  targets: string[];
}

/** A file import as stored (GET /api/contacts/imports). */
export interface ImportReport {
  id: number;
  file: string;
  state: 'finished' | 'running' | 'interrupted';
  startedAt: number;
  finishedAt: number | null;
  doneLine: number;
  counts: { rows: number; created: number; merged: number; review: number; erased: number; bad: number };
}

export interface ImportSummary {
  importId: number;
  rows: number;
  created: number;
  merged: number;
  review: number;
  erased: number;
  bad: number;
  badRows: BadRow[];
  position: 'line' | 'record';
  seconds: number;
}

export interface RightsRequest {
  id: number;
  personId: number | null;
  kind: string;
  receivedAt: number;
  dueAt: number;
  status: 'open' | 'closed';
  outcome: string | null;
  daysLeft: number | null;
  overdue: boolean;
}

export interface RetentionPreview {
  policies: { name: string; spec: { keepDays: number; from: string; electionDay?: string; sources?: string[]; purposes?: string[]; unlessConsent?: string }; due: number }[];
  total: number;
}

export const CHANNELS = ['email', 'phone', 'sms', 'mail', 'door', 'social'] as const;
export const PURPOSES = ['newsletter', 'canvassing', 'fundraising', 'volunteering', 'profiling', 'reuse', 'stay_in_touch'] as const;
export const BASES = ['consent', 'explicit_consent', 'legitimate_interest', 'contract', 'legal_obligation', 'public_task', 'vital_interest', 'membership'] as const;

export const day = (ms: number | null | undefined): string => (ms == null ? '–' : new Date(ms).toISOString().slice(0, 10));
export const fullName = (p: { givenName: string | null; familyName: string | null }): string => [p.givenName, p.familyName].filter(Boolean).join(' ') || '(no name)';

export interface ReviewItem {
  id: number;
  kind: 'fuzzy' | 'conflict' | 'shared' | 'erased' | 'signup' | 'withdrawn';
  personId: number | null;
  otherId: number | null;
  score: number | null;
  reason: string;
  importId: number | null;
  line: number | null;
  status: string;
  createdAt: number;
}
