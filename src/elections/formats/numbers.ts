/**
 * Counts as sources write them: "1234", "1 234" (French, with a space or a no-break space),
 * "1,234" (English thousands), "1.234" (German thousands), "12,0" or "12.0" (a decimal count that is whole). Percentages and
 * rates are not counts and are never parsed here.
 */

/** Why a text is not a count, or null when it is one. */
export type CountParse = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly why: string };

const SPACES = /[\s\u00a0\u202f]/g;
/** Spaces inside a count only as thousands separators: "1 234", "12 345 678" (a decimal part of zeros may follow). */
const SPACED = /^\d{1,3}([\s\u00a0\u202f]\d{3})+([.,]0*)?$/;
/** No polling station, area or country casts more: a larger count is a shifted column or a garbled cell, and sums of such counts would lose precision. */
export const MAX_COUNT = 10_000_000_000;

/**
 * Parses a vote count: a whole, non-negative number. Thousands separators (space, no-break
 * space, or a comma or a dot followed by exactly three digits: "1,234" in English, "1.234" in
 * German) are accepted; a decimal part must be zero ("12,0", "12.00"). "1.000" is thus a thousand,
 * as a German export means it, not one: a count is not written with three decimals.
 */
export function parseCount(text: string): CountParse {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, why: 'is empty' };
  // Two numbers in one cell ("12 34", a merged cell) are not one count.
  if (/[\s\u00a0\u202f]/.test(trimmed) && !SPACED.test(trimmed)) {
    const hint = /^[\d\s\u00a0\u202f.,]+$/.test(trimmed) ? ' (a space may only separate thousands, as in "1 234")' : '';
    return { ok: false, why: `"${text}" is not a number${hint}` };
  }
  const t = trimmed.replace(SPACES, '');
  if (/^-\d/.test(t)) return { ok: false, why: `"${text}" is negative` };
  let digits: string;
  if (/^\d{1,3}(,\d{3})+$/.test(t) || /^\d{1,3}(\.\d{3})+$/.test(t)) digits = t.replace(/[.,]/g, '');
  else if (/^\d+([.,]0*)?$/.test(t)) digits = t.replace(/[.,]0*$/, '');
  else if (/^\d+[.,]\d+$/.test(t)) return { ok: false, why: `"${text}" is not a whole number` };
  else return { ok: false, why: `"${text}" is not a number` };
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value > MAX_COUNT) return { ok: false, why: `"${text}" is too large (more than ${MAX_COUNT.toLocaleString('en')} votes: a shifted column?)` };
  return { ok: true, value };
}
