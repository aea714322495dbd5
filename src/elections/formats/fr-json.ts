import { z } from 'zod';
import { readJsonValues } from '../../core/json-values';
import { RoundBuilder } from './builder';
import { KIND_KEYS, KIND_LABELS } from './kinds';
import { candidateKey, districtKey } from './fr-ministry';
import { parseCount } from './numbers';
import type { DecodedInput } from './source';
import type { RoundResults } from './types';

/**
 * Per-station results as a JSON array of objects with French number strings, as published for the
 * 2022 legislative elections (e.g. Hérault): `postalCode` (in fact the commune's INSEE code),
 * `bureauDeVote`, `districtCode` (the constituency), `inscrits`, `abstentions`, `blancs`, `nuls`
 * and `candidats: [{nuance, nom, prenom, voix}]`. Values may be strings ("42,37") or numbers.
 */

/** The message of a value that is missing or of the wrong type: what was expected, what was found. */
const expected =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `missing (expected ${what})` : `expected ${what}, found ${JSON.stringify(issue.input)}`;

const count = z.union([z.string(), z.number()], { error: expected('a count: a number or its text') }).transform((v, ctx) => {
  const parsed = parseCount(String(v));
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: 'custom', message: parsed.why });
  return z.NEVER;
});

const code = z.union([z.string().min(1, 'empty (expected a code)'), z.number()], { error: expected('a code: text or a number') }).transform(String);

const candidate = z.object({ nuance: z.string().default(''), nom: z.string().min(1), prenom: z.string().default(''), voix: count });

export const stationSchema = z.object({
  departement: code.optional(),
  postalCode: code,
  cityName: z.string().optional(),
  bureauDeVote: code,
  districtCode: code.optional(),
  inscrits: count,
  abstentions: count,
  blancs: count,
  nuls: count,
  /** Checked when given: the candidates' votes must add up to it, and it with blank and null to votants (a record cut short is caught). */
  exprimes: count.optional(),
  votants: count.optional(),
  candidats: z.array(candidate),
});

type Station = z.infer<typeof stationSchema>;

/** Whether the first bytes look like this layout. */
export function isFrJsonHead(head: string): boolean {
  return /^\s*\[/.test(head.replace(/^\uFEFF/, '')) && head.includes('"bureauDeVote"') && head.includes('"candidats"');
}

/** Zod's issues as one line: "inscrits: "12a" is not a number; candidats.2.voix: …". */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
}

/**
 * Streams the array (one record held at a time) and checks every record with zod and against its
 * own totals; a bad record is reported at the line it starts on, named by its index in the array
 * (1-based: a minified array is all on line 1).
 */
export async function readFrJson(input: DecodedInput): Promise<RoundResults> {
  const round = new RoundBuilder('fr-json');
  for (const kind of ['abstention', 'blank', 'null'] as const) round.option(KIND_KEYS[kind], KIND_LABELS[kind], kind);
  let index = 0;
  for await (const batch of readJsonValues(input.chunks)) {
    for (const event of batch) {
      index++;
      if (event.kind === 'bad') {
        round.badLine(event.line, `record ${index}: ${event.reason}`);
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(event.text);
      } catch (error) {
        round.badLine(event.line, `record ${index}: not JSON: ${(error as Error).message}`);
        continue;
      }
      const parsed = stationSchema.safeParse(value);
      const wrong = parsed.success ? totalsProblem(parsed.data) : describeIssues(parsed.error);
      if (wrong === null && parsed.success) addStation(parsed.data, index, round);
      else round.badLine(event.line, `record ${index}: ${wrong}; the record is skipped`);
    }
  }
  return round.finish();
}

/** Why a record's counts disagree with its own totals (exprimes, votants), or null. */
function totalsProblem(s: Station): string | null {
  const votes = s.candidats.reduce((sum, c) => sum + c.voix, 0);
  if (s.exprimes !== undefined && votes !== s.exprimes) return `the candidates' votes add up to ${votes}, not to its exprimes ${s.exprimes} (a candidate missing?)`;
  const voters = (s.exprimes ?? votes) + s.blancs + s.nuls;
  if (s.votants !== undefined && voters !== s.votants) return `expressed, blank and null add up to ${voters}, not to its votants ${s.votants}`;
  return null;
}

function addStation(s: Station, index: number, round: RoundBuilder): void {
  const counts = new Map<string, number>([
    [KIND_KEYS.abstention, s.abstentions],
    [KIND_KEYS.blank, s.blancs],
    [KIND_KEYS.null, s.nuls],
  ]);
  for (const c of s.candidats) {
    const key = candidateKey(c.nom, c.prenom, c.nuance);
    round.option(key, key, 'choice', c.nuance || undefined);
    counts.set(key, (counts.get(key) ?? 0) + c.voix);
  }
  const district = districtKey(s.departement, s.districtCode);
  const name = s.cityName === undefined ? undefined : `${s.cityName} ${s.bureauDeVote}`;
  round.unit({ sourceCode: `${s.postalCode}-${s.bureauDeVote}`, name, district, registered: s.inscrits, line: index, counts });
}
