import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../../core/errors';
import { checkChannel, checkPurpose } from '../../contacts/vocabulary';

/**
 * The door script of a campaign (`field_campaigns.script`): what the canvasser says, the questions
 * asked, the consents requested (one per purpose × channel, each with the words said), and the
 * notice shown (its version is recorded with every consent granted at the door).
 */

const Id = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "expected an id of lower-case letters, digits and '_' (at most 40)");
const Text = z.string().trim().min(1, 'expected a text').max(2000, 'expected at most 2,000 characters');
const Option = z.object({ id: Id, label: z.string().trim().min(1, 'expected a label').max(200, 'expected at most 200 characters') });
const Options = z.array(Option).min(2, 'expected at least 2 options').max(30, 'expected at most 30 options');

const Question = z.discriminatedUnion(
  'kind',
  [
    z.object({ id: Id, kind: z.literal('single'), text: Text, options: Options }),
    z.object({ id: Id, kind: z.literal('multiple'), text: Text, options: Options }),
    z.object({ id: Id, kind: z.literal('scale'), text: Text, min: z.number().int(), max: z.number().int() }),
    z.object({ id: Id, kind: z.literal('text'), text: Text }),
  ],
  { error: 'expected kind single, multiple, scale or text' },
);

const ScriptSchema = z.object({
  intro: z.string().trim().max(2000, 'expected at most 2,000 characters').default(''),
  questions: z.array(Question).max(50, 'expected at most 50 questions'),
  consents: z.array(z.object({ purpose: z.string(), channel: z.string(), text: Text })).max(20, 'expected at most 20 consents').default([]),
  notice: z.object({ version: z.string().trim().min(1, 'expected a version').max(40, 'expected at most 40 characters'), text: z.string().trim().min(1, 'expected the notice text').max(8000, 'expected at most 8,000 characters') }),
});

export type Script = z.output<typeof ScriptSchema>;
export type ScriptQuestion = Script['questions'][number];
export type ScriptConsent = Script['consents'][number];

/** SHA-256 (hex) of a notice's text: what its version stands for (field_notices). */
export function noticeDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A name from the input as an error may quote it: cut short, so an answer never echoes a megabyte of what was sent. */
export function clip(text: string, max = 64): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `questions[2].options` from zod's path (keys clipped). */
export function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${clip(String(p))}`;
  return out || '(whole)';
}

/** Checks what zod cannot: unique ids, sane scales, purposes and channels of the contacts vocabulary. */
function checkScript(s: Script): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  s.questions.forEach((q, i) => {
    if (ids.has(q.id)) problems.push(`questions[${i}].id: expected a unique id, found ${JSON.stringify(q.id)} twice`);
    ids.add(q.id);
    if ((q.kind === 'single' || q.kind === 'multiple') && new Set(q.options.map((o) => o.id)).size !== q.options.length) problems.push(`questions[${i}].options: expected unique option ids`);
    if (q.kind === 'scale' && !(q.min < q.max && q.max - q.min <= 100)) problems.push(`questions[${i}]: expected min < max and at most 100 steps, found min ${q.min}, max ${q.max}`);
  });
  const uses = new Set<string>();
  s.consents.forEach((c, i) => {
    try {
      checkPurpose(c.purpose, `consents[${i}].purpose`);
      checkChannel(c.channel, `consents[${i}].channel`);
    } catch (error) {
      problems.push((error as Error).message);
    }
    if (uses.has(`${c.purpose}/${c.channel}`)) problems.push(`consents[${i}]: expected one consent per purpose and channel, found ${c.purpose}/${c.channel} twice`);
    uses.add(`${c.purpose}/${c.channel}`);
  });
  return problems;
}

/** A script from JSON, or an InputError naming where (`where`, e.g. a file) and which path is wrong. */
export function parseScript(value: unknown, where: string = 'script'): Script {
  const r = ScriptSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(`${where}: ${pathOf(issue.path)}: ${issue.message}`);
  }
  const problems = checkScript(r.data);
  if (problems.length) throw new InputError(`${where}: ${problems[0]!}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  return r.data;
}

/** A script held in the store (written by `parseScript`, so trusted; still checked, as every row read back). */
export function storedScript(json: string, campaignId: number): Script {
  const raw = JSON.parse(json) as { notice?: { version?: unknown } } | null;
  const version = raw?.notice?.version;
  // A version bumped past 40 characters before bumps kept to the bound ("…-r2"): read as stored,
  // since consents cite it, rather than leaving the campaign unreadable.
  if (typeof version === 'string' && version.trim().length > 40) {
    const script = parseScript({ ...raw, notice: { ...raw!.notice, version: version.trim().slice(0, 40) } }, `campaign ${campaignId} script`);
    return { ...script, notice: { ...script.notice, version: version.trim() } };
  }
  return parseScript(raw, `campaign ${campaignId} script`);
}
