import { cueTokens } from './cues';

/** Feature space size: hashed features land in 2^18 buckets. */
export const BUCKETS = 1 << 18;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, continued over `text` from state `h`: a fast, stable string hash. */
function fnv(h: number, text: string, from = 0, to = text.length): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

function fnvChar(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

const WORD = fnv(FNV_OFFSET, 'w:');
const PAIR = fnv(FNV_OFFSET, 'b:');
const GRAM = fnv(FNV_OFFSET, 'c:');
const LT = '<'.charCodeAt(0);
const GT = '>'.charCodeAt(0);
const SPACE = ' '.charCodeAt(0);

function bucket(h: number): number {
  return (h >>> 0) % BUCKETS;
}

/** Character code at position k of `<token>`. */
function padded(token: string, k: number): number {
  return k === 0 ? LT : k === token.length + 1 ? GT : token.charCodeAt(k - 1);
}

/** Which buckets the current call has seen: a bucket is seen when its stamp is the call's. */
const seen = new Uint32Array(BUCKETS);
let call = 0;

/**
 * Hashed features of tokens: words ("w:" + word), word pairs ("b:" + a + " " + b) and character
 * 4-grams of "<word>" ("c:" + gram), hashed with FNV-1a without building the strings. Returns
 * unique bucket indexes, in the order first met.
 */
function hashTokens(tokens: readonly string[]): number[] {
  if (++call === 0xffffffff) {
    seen.fill(0);
    call = 1;
  }
  const out: number[] = [];
  const add = (h: number): void => {
    const b = bucket(h);
    if (seen[b] === call) return;
    seen[b] = call;
    out.push(b);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    add(fnv(WORD, t));
    if (i > 0) add(fnv(fnvChar(fnv(PAIR, tokens[i - 1]!), SPACE), t));
    const n = t.length + 2;
    for (let k = 0; k + 4 <= n; k++) {
      let h = GRAM;
      for (let j = k; j < k + 4; j++) h = fnvChar(h, padded(t, j));
      add(h);
    }
  }
  return out;
}

/**
 * Hashed features of a text: words, word pairs and character 4-grams of words (which carry
 * across inflections). Tokens in `mask` (the cues of distant supervision) are left out, so that
 * the model learns the words around the cues, not the cues. Mentions are left out too.
 * `tokens` may be given when the text's cue tokens are already known.
 */
export function features(text: string, mask: ReadonlySet<string> = new Set(), tokens: readonly string[] = cueTokens(text)): number[] {
  return hashTokens(tokens.filter((t) => !mask.has(t) && !t.startsWith('@u_')));
}

/**
 * Features the neutral head reads: the post without mentions and without the question's subject
 * words (`masked`), as words or hashtags — so that it judges whether a post takes a side, not
 * whether it is on the subject.
 */
export function neutralFeatures(text: string, masked: ReadonlySet<string>, tokens: readonly string[] = cueTokens(text)): number[] {
  return hashTokens(tokens.filter((t) => t[0] !== '@' && !masked.has(t[0] === '#' ? t.slice(1) : t)));
}
