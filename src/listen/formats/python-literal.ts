/**
 * A Python literal as `str()` writes a list or a dict into a CSV cell (twint's `mentions` and
 * `reply_to`: `[{'screen_name': 'bob', 'name': 'Bob', 'id': '12'}]`): lists, tuples, dicts,
 * quoted strings with their escapes, numbers, True, False and None. Anything else is an Error.
 */
export function parsePythonLiteral(text: string): unknown {
  const p = { text, at: 0 };
  const value = parseValue(p);
  skipBlanks(p);
  if (p.at !== text.length) throw new Error(`unexpected ${JSON.stringify(text[p.at])} at ${p.at}`);
  return value;
}

interface Cursor {
  readonly text: string;
  at: number;
}

const CLOSING: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
const WORDS: Record<string, unknown> = { True: true, False: false, None: null };

function skipBlanks(p: Cursor): void {
  while (p.at < p.text.length && /\s/.test(p.text[p.at]!)) p.at++;
}

function parseValue(p: Cursor): unknown {
  skipBlanks(p);
  const c = p.text[p.at];
  if (c === undefined) throw new Error('unexpected end');
  if (c === '[' || c === '(') return parseItems(p, CLOSING[c]!, () => parseValue(p));
  if (c === '{') return Object.fromEntries(parseItems(p, '}', () => parseEntry(p)));
  if (c === "'" || c === '"') return parseString(p, c);
  const word = /^(?:True|False|None|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(p.text.slice(p.at, p.at + 40))?.[0];
  if (!word) throw new Error(`unexpected ${JSON.stringify(c)} at ${p.at}`);
  p.at += word.length;
  return word in WORDS ? WORDS[word] : Number(word);
}

function parseEntry(p: Cursor): [string, unknown] {
  const key = parseValue(p);
  skipBlanks(p);
  if (p.text[p.at] !== ':') throw new Error(`expected ":" at ${p.at}`);
  p.at++;
  return [String(key), parseValue(p)];
}

/** The comma-separated items up to `close` (a trailing comma allowed, as Python allows it). */
function parseItems<T>(p: Cursor, close: string, item: () => T): T[] {
  p.at++;
  const items: T[] = [];
  for (;;) {
    skipBlanks(p);
    if (p.text[p.at] === close) break;
    items.push(item());
    skipBlanks(p);
    if (p.text[p.at] === ',') p.at++;
    else if (p.text[p.at] !== close) throw new Error(`expected "," or "${close}" at ${p.at}`);
  }
  p.at++;
  return items;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

function parseString(p: Cursor, quote: string): string {
  let out = '';
  for (let i = p.at + 1; i < p.text.length; i++) {
    const c = p.text[i]!;
    if (c === quote) {
      p.at = i + 1;
      return out;
    }
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = p.text[++i];
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = p.text.slice(i + 1, i + 1 + hex);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) throw new Error(`bad \\${e} escape at ${i}`);
      out += String.fromCodePoint(parseInt(digits, 16));
      i += hex;
    } else out += e !== undefined && e in ESCAPES ? ESCAPES[e] : `\\${e ?? ''}`;
  }
  throw new Error('a string is not closed');
}
