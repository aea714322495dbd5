import type { Breakdown, Report } from './aggregate';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const num = (x: number): string => x.toLocaleString('en');
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

function rows(title: string, cells: readonly Breakdown[], side: string, limit: number): string[] {
  const lines = [title];
  for (const c of cells.slice(0, limit)) {
    const share = c.shareB === null ? '–' : `${side} ${pct(c.shareB)}`;
    lines.push(`  ${c.key.padEnd(10)} ${num(c.posts).padStart(9)}  ${c.key === 'unknown' ? '        ' : pct(c.shareOfActivity).padStart(7)}  ${share}`);
  }
  if (cells.length > limit) lines.push(`  … ${cells.length - limit} more (--json gives all)`);
  return lines;
}

/** The report as a readable table, for a terminal. */
export function formatReport(r: Report): string {
  const [a, b] = r.sides;
  const ci = (side: string): string => `${pct(r.ci95[side]![0])}–${pct(r.ci95[side]![1])}`;
  const lines = [
    `Question ${r.question}: ${a} / ${b} — ${num(r.posts)} posts, ${num(r.decided)} decided (${r.posts ? pct(r.decided / r.posts) : '–'}); neutral posts are left out of the shares`,
    r.decided > 0
      ? `  ${b} ${pct(r.share[b]!)} (95 % CI ${ci(b)}) · ${a} ${pct(r.share[a]!)} (${ci(a)}) · average strength ${signed(r.averageStrength ?? 0)} (−1 ${a} … +1 ${b})`
      : `  no post takes a side: no shares to give`,
    '',
    ...rows(`By country (share of activity among located posts; ${b} share among decided; fewer than ${r.minCell} posts go to "other")`, r.byCountry, b, 12),
    '',
    'By topic (posts; sentiment around the topic’s words)',
    ...r.byTopic.map((t) => `  ${t.topic.padEnd(12)} ${num(t.posts).padStart(9)}  ${signed(t.themeSentiment)}`),
    '',
    ...rows('By language', r.byLanguage, b, 10),
    '',
    ...rows('By day (UTC)', r.byDay, b, 31),
  ];
  return lines.join('\n');
}
