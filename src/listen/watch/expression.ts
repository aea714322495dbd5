import { RE2 } from 're2-wasm';
import { InputError } from '../../core/errors';
import { stripMarks } from './fold';

/** The longest expression a watchlist takes. */
export const MAX_EXPRESSION_CHARS = 200;
/** A literal this long that every match must contain lets most posts skip the engine. */
const MIN_LITERAL = 3;

/** A compiled expression: a cheap necessary test on the lower-cased text, then RE2. */
export interface Expression {
  readonly source: string;
  /** A lower-case ASCII string every match contains, or null when none was found. */
  readonly literal: string | null;
  /** Whether the pattern matches `text` (already without combining marks). */
  test(text: string, lower: string): boolean;
}

// re2-wasm never frees a compiled pattern: compile each source once per process.
const compiled = new Map<string, RE2>();

function engine(source: string): RE2 {
  let re = compiled.get(source);
  if (!re) compiled.set(source, (re = new RE2(source, 'iu')));
  return re;
}

/**
 * Checks and compiles a watchlist expression. Expressions run on RE2 (Cox, "Regular Expression
 * Matching in the Wild", 2010), whose time is linear in the text whatever the pattern, so no
 * pattern can stall ingestion (V8's backtracking takes seconds on `\w*\w*!` over 1,000
 * characters). The price: no backreferences and no lookaround. Matching ignores case and
 * accents, as phrases do: the pattern's own accents are dropped with the text's.
 */
export function compileExpression(pattern: string): Expression {
  const where = `expression ${JSON.stringify(pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern)}`;
  if (pattern.trim().length === 0) throw new InputError(`${where}: expected a regular expression, found nothing`);
  if (pattern.length > MAX_EXPRESSION_CHARS) throw new InputError(`${where}: expected at most ${MAX_EXPRESSION_CHARS} characters, found ${pattern.length}`);
  const source = stripMarks(pattern);
  let re: RE2;
  try {
    re = engine(source);
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
    throw new InputError(`${where}: not a valid regular expression for RE2 (no backreferences or lookaround): ${reason}`);
  }
  if (re.test('')) throw new InputError(`${where}: matches the empty text, so it would match every post`);
  const literal = requiredLiteral(source);
  return {
    source: pattern,
    literal,
    test: (text, lower) => (literal === null || lower.includes(literal)) && re.test(text),
  };
}

/** Characters taken into a literal run: ASCII letters, digits, space and plain punctuation. */
const PLAIN = /^[A-Za-z0-9 !"#%&',\-/:;<=>@_`~]$/;
const QUANTIFIERS = new Set(['*', '?', '{']);

/**
 * The longest run of plain characters outside groups, classes and alternation that every match
 * of `source` contains, lower-cased (≥ 3 characters), or null. Conservative: anything it does not
 * understand ends a run, and a top-level `|` gives null.
 */
export function requiredLiteral(source: string): string | null {
  let best = '';
  let run = '';
  const end = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '|') return null;
    if (QUANTIFIERS.has(ch)) {
      // The character before is optional or repeated from zero: it is not required.
      run = run.slice(0, -1);
      end();
      if (ch === '{') i = closing(source, i, '}');
    } else if (ch === '+') end();
    else if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if (/^[^\p{L}\p{N}\s]$/u.test(next) && PLAIN.test(next)) run += next;
      else end();
      i++;
    } else if (ch === '(' || ch === '[') {
      end();
      i = ch === '(' ? closingGroup(source, i) : closing(source, i, ']');
    } else if (PLAIN.test(ch)) run += ch;
    else end();
  }
  end();
  return best.length >= MIN_LITERAL ? best.toLowerCase() : null;
}

/** Index of the first `close` after `start`, skipping escapes (the last index when none). */
function closing(source: string, start: number, close: string): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === close && i > start + 1) return i;
  }
  return source.length;
}

/** Index of the `)` that closes the group opened at `start`, minding classes and escapes. */
function closingGroup(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = closing(source, i, ']');
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return source.length;
}
