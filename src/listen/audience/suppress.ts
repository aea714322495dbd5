/**
 * Small-cell suppression for audience breakdowns (statistical disclosure control): a cell that
 * rests on fewer than k distinct people is not shown (primary suppression), and where a row or a
 * column of the table would then hide a single cell, the smallest other cell of that line is
 * hidden too (secondary suppression), so that no hidden cell can be recovered as its margin minus
 * the cells shown. Margins themselves are shown only when they rest on k people or more.
 * (Hundepool et al., Statistical Disclosure Control, 2012, §4.)
 */
export interface AudienceCell {
  readonly ageBand: string;
  readonly gender: string;
  readonly posts: number;
  readonly people: number;
  /** Posts with a stance, and those of side B among them. */
  readonly decided: number;
  readonly b: number;
}

export interface ShownCell extends AudienceCell {
  readonly suppressed: false;
}
export interface HiddenCell {
  readonly ageBand: string;
  readonly gender: string;
  readonly suppressed: true;
}

const lineKeys = (c: { ageBand: string; gender: string }): [string, string] => [`age:${c.ageBand}`, `gender:${c.gender}`];

/** The cells with those under k people hidden, and more hidden where one hidden cell could be derived. */
export function suppressCells(cells: readonly AudienceCell[], k: number): (ShownCell | HiddenCell)[] {
  const hidden = new Set<AudienceCell>(cells.filter((c) => c.people < k));
  for (let changed = true; changed; ) {
    changed = false;
    const lines = new Map<string, AudienceCell[]>();
    for (const c of cells) for (const key of lineKeys(c)) (lines.get(key) ?? lines.set(key, []).get(key)!).push(c);
    for (const line of lines.values()) {
      const inLine = line.filter((c) => hidden.has(c));
      if (inLine.length !== 1 || line.length < 2) continue;
      const next = line.filter((c) => !hidden.has(c)).sort((x, y) => x.people - y.people || x.posts - y.posts)[0];
      if (next) {
        hidden.add(next);
        changed = true;
      }
    }
  }
  return cells.map((c) => (hidden.has(c) ? { ageBand: c.ageBand, gender: c.gender, suppressed: true } : { ...c, suppressed: false }));
}

/** The marker of a margin in a linked table: `{ageBand: X, gender: ALL}` is age band X's total. */
export const ALL = '*';

export interface LinkedTable<C> {
  readonly cells: readonly C[];
  readonly byAgeBand: readonly C[];
  readonly byGender: readonly C[];
  readonly total: C;
}

/**
 * Suppression of the cross table and its margins as one linked table: each age band's row holds
 * its cells and its total, each gender's column likewise, and the margins with the grand total
 * form a row and a column of their own. No line may be left with exactly one hidden figure, so
 * that no hidden figure is a total minus the figures shown (a margin hidden to protect another
 * band hides one of its cells too, and so on until it holds).
 */
export function suppressTable(t: LinkedTable<AudienceCell>, k: number): LinkedTable<ShownCell | HiddenCell> {
  const margins = [...t.byAgeBand.map((c) => ({ ...c, gender: ALL })), ...t.byGender.map((c) => ({ ...c, ageBand: ALL })), { ...t.total, ageBand: ALL, gender: ALL }];
  const out = suppressCells([...t.cells, ...margins], k);
  const n = t.cells.length;
  const ages = t.byAgeBand.length;
  const restore = (c: ShownCell | HiddenCell, key: 'ageBand' | 'gender', value: string): ShownCell | HiddenCell => ({ ...c, [key]: value });
  return {
    cells: out.slice(0, n),
    byAgeBand: out.slice(n, n + ages).map((c, i) => restore(c, 'gender', t.byAgeBand[i]!.gender)),
    byGender: out.slice(n + ages, out.length - 1).map((c, i) => restore(c, 'ageBand', t.byGender[i]!.ageBand)),
    total: out[out.length - 1]!,
  };
}
