import { cueTokens } from './cues';

/** Feature space size: hashed features land in 2^18 buckets. */
export const BUCKETS = 1 << 18;

/** FNV-1a, 32 bits: a fast, stable string hash (the same on every machine and run). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Hashed features of a text: words, word pairs and character 4-grams of words (which carry
 * across inflections). Tokens in `mask` (the cues of distant supervision) are left out, so that
 * the model learns the words around the cues, not the cues. Returns sorted unique bucket indexes.
 */
export function features(text: string, mask: ReadonlySet<string> = new Set()): number[] {
  const tokens = cueTokens(text).filter((t) => !mask.has(t) && !t.startsWith('@u_'));
  const out = new Set<number>();
  tokens.forEach((t, i) => {
    out.add(fnv1a(`w:${t}`) % BUCKETS);
    if (i > 0) out.add(fnv1a(`b:${tokens[i - 1]} ${t}`) % BUCKETS);
    const padded = `<${t}>`;
    for (let k = 0; k + 4 <= padded.length; k++) out.add(fnv1a(`c:${padded.slice(k, k + 4)}`) % BUCKETS);
  });
  return [...out].sort((a, b) => a - b);
}
