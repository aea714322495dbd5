/**
 * Small-cell suppression of a one-way breakdown shown with its total: cells under k people are
 * hidden, and when that hides exactly one, the next smallest is hidden too (else the hidden one
 * would be the total minus the rest).
 */
export function suppressLine<T extends { readonly people: number; readonly posts: number }>(cells: readonly T[], k: number): (T | null)[] {
  const hidden = new Set(cells.filter((c) => c.people < k));
  if (hidden.size === 1 && cells.length > 1) {
    const next = cells.filter((c) => !hidden.has(c)).sort((x, y) => x.people - y.people || x.posts - y.posts)[0];
    if (next) hidden.add(next);
  }
  return cells.map((c) => (hidden.has(c) ? null : c));
}
