import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain (pure). Each entry's hash is SHA-256 over the previous entry's hash
 * and its own fields, so changing, removing or reordering an entry breaks every later link; the
 * head (last seq and hash), kept apart from the log, makes cutting off the tail show too.
 * Cf. Crosby & Wallach, "Efficient Data Structures for Tamper-Evident Logging" (USENIX Security 2009),
 * the linear hash chain of §3.
 */

/** The `prev` of the first entry. */
export const GENESIS = '0'.repeat(64);

/** What an entry's hash covers; `detail` is the JSON text exactly as stored. */
export interface AuditFields {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly detail: string;
}

/** An entry as stored. */
export interface AuditEntry extends AuditFields {
  readonly prev: string;
  readonly hash: string;
}

/** The last entry, as recorded beside the log on every append. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

export type ChainProblem = 'gap in sequence' | 'broken link' | 'hash mismatch' | 'truncated' | 'head mismatch' | 'missing head' | 'pin mismatch' | 'seal mismatch' | 'unsealed head';

export type ChainResult =
  | { readonly ok: true; readonly entries: number; readonly head: string }
  | {
      readonly ok: false;
      /** The first bad entry (for a gap or a truncation: the first missing one). */
      readonly seq: number;
      readonly problem: ChainProblem;
      readonly expected: string;
      readonly found: string;
      /** How many entries before it were intact. */
      readonly entries: number;
    };

export type ChainFailure = Extract<ChainResult, { ok: false }>;

/** Where a walk along the chain is: entries checked so far, and the last one's seq and hash. */
export interface ChainState {
  readonly entries: number;
  readonly seq: number;
  readonly hash: string;
}

export const CHAIN_START: ChainState = { entries: 0, seq: 0, hash: GENESIS };

/**
 * SHA-256 (hex) of the JSON array [prev, seq, at, actor, action, subject, detail]: JSON quotes
 * and escapes every string, so no two different entries encode alike (unlike joining with a separator).
 */
export function entryHash(prev: string, e: AuditFields): string {
  const encoded = JSON.stringify([prev, e.seq, e.at, e.actor, e.action, e.subject, e.detail]);
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

const short = (hash: string): string => hash.slice(0, 16);

function failure(state: ChainState, seq: number, problem: ChainProblem, expected: string, found: string): ChainFailure {
  return { ok: false, seq, problem, expected, found, entries: state.entries };
}

/** Checks one entry against the chain so far: its seq follows, it links to the previous hash, its own hash matches its fields. */
export function checkEntry(state: ChainState, e: AuditEntry): ChainState | ChainFailure {
  const want = state.seq + 1;
  if (e.seq !== want) {
    const after = state.seq === 0 ? 'as the first entry' : `after seq ${state.seq}`;
    return failure(state, Math.min(want, e.seq), 'gap in sequence', `seq ${want} ${after}`, `seq ${e.seq}`);
  }
  if (e.prev !== state.hash) {
    const of = state.seq === 0 ? 'the genesis hash' : `the hash of seq ${state.seq}`;
    return failure(state, e.seq, 'broken link', `prev ${short(state.hash)}… (${of})`, `prev ${short(e.prev)}…`);
  }
  const hash = entryHash(e.prev, e);
  if (e.hash !== hash) return failure(state, e.seq, 'hash mismatch', `hash ${short(hash)}… (of its fields)`, `hash ${short(e.hash)}…`);
  return { entries: state.entries + 1, seq: e.seq, hash };
}

export function isFailure(r: ChainState | ChainFailure): r is ChainFailure {
  return 'ok' in r;
}

/**
 * Compares where the chain ended with the recorded head: a log cut short ends before it, a log
 * whose head was rewritten ends elsewhere. `null`: no head is recorded, which only an empty log may lack.
 */
export function checkHead(state: ChainState, head: AuditHead | null): ChainResult {
  if (head === null) {
    if (state.entries === 0) return { ok: true, entries: 0, head: GENESIS };
    return failure(state, state.seq, 'missing head', 'a recorded head (hustings_meta audit_head)', `none, with ${state.entries} entries in the log`);
  }
  if (state.seq < head.seq) return failure(state, state.seq + 1, 'truncated', `entries up to seq ${head.seq} (head ${short(head.hash)}…)`, state.seq === 0 ? 'an empty log' : `the log ends at seq ${state.seq}`);
  if (state.seq > head.seq || state.hash !== head.hash) {
    return failure(state, state.seq, 'head mismatch', `head seq ${head.seq} hash ${short(head.hash)}…`, `last entry seq ${state.seq} hash ${short(state.hash)}…`);
  }
  return { ok: true, entries: state.entries, head: state.hash };
}

/**
 * A pin is an entry's seq and hash kept outside the store (printed by an earlier verification, saved
 * by cron or mailed to the data protection officer). The chain's hashes are unkeyed, so someone who
 * can write the store could rewrite an entry and recompute every later hash and the head; the pin
 * catches that, for every entry up to it. `state` must be the chain walked up to the pin's seq.
 */
export function checkPin(state: ChainState, pin: AuditHead): ChainState | ChainFailure {
  if (state.seq < pin.seq) return failure(state, state.seq + 1, 'truncated', `entries up to the pinned seq ${pin.seq}`, state.seq === 0 ? 'an empty log' : `the log ends at seq ${state.seq}`);
  if (state.seq === pin.seq && !state.hash.startsWith(pin.hash)) {
    // Which entry up to the pin was rewritten cannot be told: the chain was recomputed over it.
    return failure({ ...state, entries: 0 }, pin.seq, 'pin mismatch', `hash ${short(pin.hash)}… (pinned)`, `hash ${short(state.hash)}… (an entry up to here was rewritten and the chain recomputed)`);
  }
  return state;
}

/** Parses a pin written as SEQ:HASH (the full hash, or its first 16 hex digits or more). */
export function parsePin(text: string): AuditHead | null {
  const m = /^(\d{1,15}):([0-9a-f]{16,64})$/.exec(text.trim().toLowerCase());
  if (!m || Number(m[1]) < 1) return null;
  return { seq: Number(m[1]), hash: m[2]! };
}

/** Walks the entries (in seq order) and reports the first bad one; with `head`, also compares the end of the chain with it. */
export function verifyChain(entries: Iterable<AuditEntry>, head?: AuditHead | null): ChainResult {
  let state = CHAIN_START;
  for (const e of entries) {
    const next = checkEntry(state, e);
    if (isFailure(next)) return next;
    state = next;
  }
  return head === undefined ? { ok: true, entries: state.entries, head: state.hash } : checkHead(state, head);
}

/** One line for people: "intact: …" or the first bad seq, the problem, what was expected and found. */
export function describeChain(r: ChainResult): string {
  if (r.ok) return `audit log intact: ${r.entries} entries, head ${short(r.head)}`;
  const intact = r.problem === 'pin mismatch' || r.problem === 'seal mismatch' || r.problem === 'unsealed head' ? '' : ` (${r.entries} entries before it are intact)`;
  return `audit log TAMPERED at seq ${r.seq}: ${r.problem}: expected ${r.expected}, found ${r.found}${intact}`;
}
