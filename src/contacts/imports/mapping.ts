import { z } from 'zod';
import { InputError } from '../../core/errors';
import { checkChannel, checkPurpose } from '../vocabulary';
import { normaliseCountry } from '../normalise/country';
import { guessTargets } from './header-guess';

/**
 * Where a column goes: a person's attribute (`name_particle`, the Dutch tussenvoegsel, is joined
 * before the family name: "van der Berg"; `birth_name`, as French electoral rolls give the "nom de
 * naissance" beside the "nom d'usage", is the family name of a row that has none), a consent (`consent:PURPOSE/CHANNEL`, values
 * yes/no, empty = not asked), the version of the privacy notice the row's person was shown
 * (`notice_version`: their consents cite it rather than the import's), an objection
 * (`object:CHANNEL` or `object:*`, values yes/no: a yes puts the person on the do-not-contact
 * list of that channel, or of all, as `contacts object` does; NationBuilder's `do_not_call`), a custom field
 * (`field:NAME`), or nowhere (`ignore`). Several columns may map to `email` or `phone` (a person
 * may have many).
 */
export const TARGETS = [
  'given_name', 'family_name', 'birth_name', 'name_particle', 'full_name', 'email', 'phone', 'street', 'house_number', 'postcode', 'city', 'country',
  'birth_year', 'gender', 'language', 'tags', 'support', 'volunteer', 'area', 'notice_version', 'ignore',
] as const;
export type Target = (typeof TARGETS)[number] | `consent:${string}/${string}` | `object:${string}` | `field:${string}`;

export const MappingSpec = z
  .object({
    columns: z.record(z.string(), z.string()),
    /** Region of phone numbers written without a country code, and of addresses (ISO 3166 alpha-2). */
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'expected a two-letter country code such as FR')
      .refine((c) => normaliseCountry(c).ok, 'expected a country code that exists (ISO 3166-1, such as FR or DE)')
      .default('FR'),
    tagSeparator: z.string().min(1).default('|'),
  })
  .strict();
export type Mapping = z.output<typeof MappingSpec>;

export function checkTarget(target: string, column: string): Target {
  if ((TARGETS as readonly string[]).includes(target)) return target as Target;
  const consent = /^consent:([^/]+)\/(.+)$/.exec(target);
  if (consent) {
    checkPurpose(consent[1]!, `column ${column}: consent purpose`);
    checkChannel(consent[2]!, `column ${column}: consent channel`);
    return target as Target;
  }
  const objection = /^object:(.+)$/.exec(target);
  if (objection) {
    if (objection[1] !== '*') checkChannel(objection[1]!, `column ${column}: objection channel (or * for every channel)`);
    return target as Target;
  }
  if (/^field:[A-Za-z0-9_.-]{1,64}$/.test(target)) return target as Target;
  throw new InputError(`column ${column}: expected a target among ${TARGETS.join(', ')}, consent:PURPOSE/CHANNEL, object:CHANNEL or field:NAME, found ${JSON.stringify(target)}`);
}

/** Validates a mapping (from a saved one, a file or a request) against the file's header. */
export function checkMapping(value: unknown, header: readonly string[] | null): Mapping {
  const r = MappingSpec.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(`mapping: ${issue.message} at ${issue.path.join('.') || '(top)'}`);
  }
  const from = new Map<string, string>();
  for (const [column, target] of Object.entries(r.data.columns)) {
    checkTarget(target, column);
    if (header && !header.includes(column)) throw new InputError(`mapping: column ${JSON.stringify(column)} is not in the file; ${describeHeader(header)}`);
    // One column per target: two would overwrite each other row by row (or append two ledger entries for one consent).
    const first = from.get(target);
    if (first !== undefined && !REPEATABLE.has(target)) throw new InputError(`mapping: columns ${JSON.stringify(first)} and ${JSON.stringify(column)} both go to ${target}; expected one column per target (only email and phone take several)`);
    from.set(target, column);
  }
  return r.data;
}

/** A header cell that is a value (an address, a phone number): the file has no header line. */
export const DATA_LIKE = /@|^\+?[\d\s().-]{6,}$/;

/** The header's columns for a message, unless a cell looks like a value: then the file has no header line and its cells are a person's data. */
export function describeHeader(header: readonly string[]): string {
  if (header.some((h) => DATA_LIKE.test(h.trim()))) return `its first line holds values (an email or a phone number), not column names: is its header line missing? (${header.length} columns)`;
  return `its columns are ${header.join(', ')}`;
}

/** Targets that say who a row is: a row without any of them is refused. */
const IDENTIFYING = new Set(['given_name', 'family_name', 'birth_name', 'full_name', 'email', 'phone']);

/**
 * Refuses, before anything is written, a file none of whose columns says who a row is — a file
 * with no header line (its first person taken for column names), or one whose lines end with a
 * bare CR (old Mac exports: the whole file reads as its header). The message never repeats the
 * header's cells, which would then be a person's data.
 */
export function checkUsable(mapping: Mapping, header: readonly string[]): void {
  if (header.some((h) => h.includes('\r'))) throw new InputError('line 1 (the header) holds carriage returns: the file ends its lines with CR alone (an old Mac export); save it again with ordinary line ends (CRLF or LF)');
  if (Object.values(mapping.columns).some((t) => IDENTIFYING.has(t))) return;
  const dataLike = header.some((h) => DATA_LIKE.test(h.trim()));
  throw new InputError(`line 1 (the header): none of its ${header.length} columns is taken for a name, an e-mail or a phone${dataLike ? ', and it holds what looks like an e-mail address or a phone number' : ''}: does the file have a header line? Add one, or say which column is which with --map COLUMN=TARGET or a mapping file`);
}

/** Targets several columns may feed: a person has many emails and phones. */
const REPEATABLE = new Set(['email', 'phone', 'ignore']);

/**
 * A first mapping for a file's header, for the preview to show and the user to correct:
 * known names in six languages (header-guess.ts), `consent_PURPOSE_CHANNEL` and `field_NAME`
 * columns. Unknown and ambiguous columns are ignored (and listed by the preview), never guessed.
 */
export function guessMapping(header: readonly string[], country = 'FR'): Mapping {
  const guessed = guessTargets(header);
  const columns: Record<string, string> = {};
  const taken = new Set<string>();
  header.forEach((column, i) => {
    const consent = /^consent[_ -]?([a-z][a-z0-9_]*)[_ -](email|phone|sms|mail|door|social)$/i.exec(column.trim());
    const objection = objectionChannel(column);
    if (consent) columns[column] = `consent:${consent[1]!.toLowerCase()}/${consent[2]!.toLowerCase()}`;
    else if (/^field[_ -]./i.test(column.trim())) columns[column] = fieldTarget(column.trim().slice(6));
    else if (objection && !taken.has(`object:${objection}`)) {
      columns[column] = `object:${objection}`;
      taken.add(columns[column]);
    } else {
      const target = guessed[i];
      // One column per target (the first one), but for emails and phones.
      columns[column] = target && (REPEATABLE.has(target) || !taken.has(target)) ? target : 'ignore';
      if (target) taken.add(target);
    }
  });
  return { columns, country, tagSeparator: '|' };
}

/** Headers that say the person is not to be contacted on a channel, or on any: do_not_call, Do not email, email_opt_out, … */
const OBJECTION_HEADERS: readonly [RegExp, string][] = [
  [/^(federal[_ -]?)?do[_ -]?not[_ -]?(call|phone)$/i, 'phone'],
  [/^(do[_ -]?not[_ -]?e-?mail|e-?mail[_ -]?opt[_ -]?out)$/i, 'email'],
  [/^(do[_ -]?not[_ -]?(sms|text)|sms[_ -]?opt[_ -]?out)$/i, 'sms'],
  [/^do[_ -]?not[_ -]?(mail|post)$/i, 'mail'],
  [/^do[_ -]?not[_ -]?(visit|canvass|knock)$/i, 'door'],
  [/^do[_ -]?not[_ -]?contact$/i, '*'],
];

function objectionChannel(column: string): string | null {
  const name = column.trim();
  return OBJECTION_HEADERS.find(([re]) => re.test(name))?.[1] ?? null;
}

/**
 * A custom field's name from a `field_…` header, folded into what a field name may hold
 * (`field_Intérêt` → `field:Interet`, `field_my note` → `field:my_note`); a name that folds to
 * nothing is not guessed (ignore).
 */
function fieldTarget(name: string): Target {
  const folded = name.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);
  return folded ? (`field:${folded}` as Target) : 'ignore';
}
