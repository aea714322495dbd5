import type { Random } from '../../core/random';
import { weightedPicker } from './pick';

/** The name as an e-mail address writes it: lower case, accents and marks gone, no spaces or apostrophes. */
export function emailSlug(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/['’ ]/g, '');
    if (slugs.size < 10_000) slugs.set(name, slug);
  }
  return slug;
}

// Names come from short lists: remembering their slugs saves a Unicode normalisation per address.
const slugs = new Map<string, string>();

/** Local parts people build from their names (weights); none ends in a digit, so a numeric suffix is unambiguous. */
const pattern = weightedPicker({
  'g.f': 40,
  gf: 14,
  'i.f': 10,
  if: 9,
  'f.g': 8,
  g_f: 5,
  'g-f': 4,
  fi: 4,
  'g.j': 3,
  fg: 3,
});

/** A local part from slugs of the given and family name (see {@link emailSlug}). */
export function localPart(random: Random, given: string, family: string): string {
  const i = given[0] ?? 'x';
  switch (pattern(random)) {
    case 'g.f': return `${given}.${family}`;
    case 'gf': return given + family;
    case 'i.f': return `${i}.${family}`;
    case 'if': return i + family;
    case 'f.g': return `${family}.${given}`;
    case 'g_f': return `${given}_${family}`;
    case 'g-f': return `${given}-${family}`;
    case 'fi': return family + i;
    case 'g.j': return `${given}.${family[0] ?? 'x'}`;
    case 'fg': return family + given;
  }
}

const TABLE_BITS = 20;

/**
 * Makes addresses unique with a numeric suffix in bounded memory: a fixed table of counters indexed
 * by a hash of local part and domain. The first address of a bucket goes bare, the next ones get
 * 2, 3, …; two addresses sharing a bucket by hash collision only get a suffix they did not need.
 * Since local parts never end in a digit, (local part, suffix) can be read back from the address,
 * and the suffixes of one local part strictly increase: no address is ever issued twice.
 */
export function createEmailIssuer(): (local: string, domain: string) => string {
  const counts = new Uint32Array(1 << TABLE_BITS);
  return (local, domain) => {
    const bucket = fnv1a(local, domain) >>> (32 - TABLE_BITS);
    const n = counts[bucket]!++;
    return n === 0 ? `${local}@${domain}` : `${local}${n + 1}@${domain}`;
  };
}

/** 32-bit FNV-1a over the UTF-16 code units of `a`, '@', `b`. */
function fnv1a(a: string, b: string): number {
  let h = 0x811c9dc5;
  const s = `${a}@${b}`;
  for (let k = 0; k < s.length; k++) {
    h ^= s.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
