import { wilsonInterval } from '../../core/stats';
import type { Classification } from '../classify';
import type { RollupCell } from '../rollup/cells';
import { rollupCells } from '../rollup/cells';

/** Breakdowns with fewer posts than this are merged into "other": no small cells. */
export const MIN_CELL = 10;

export interface Report {
  readonly question: string;
  readonly sides: readonly [string, string];
  readonly posts: number;
  /** Posts with a stance (neutral ones are counted, but left out of the shares). */
  readonly decided: number;
  /** Each side's share of the decided posts; null when no post takes a side (there is no share to give). */
  readonly share: Readonly<Record<string, number | null>>;
  readonly ci95: Readonly<Record<string, readonly [number, number]>>;
  /** Mean stance score of the decided posts, −1 (all strongly side A) … +1; null when none is decided. */
  readonly averageStrength: number | null;
  readonly byCountry: readonly Breakdown[];
  readonly byTopic: readonly { topic: string; posts: number; themeSentiment: number }[];
  readonly byDay: readonly Breakdown[];
  readonly byLanguage: readonly Breakdown[];
  /** Posts per label of the 5-point scale (every label of the question, zeros included). */
  readonly byStance: Readonly<Record<string, number>>;
  readonly minCell: number;
}

/** One cell of a breakdown: its share of activity, and the share of side B among its decided posts. */
export interface Breakdown {
  readonly key: string;
  readonly posts: number;
  readonly shareOfActivity: number;
  readonly decided: number;
  readonly shareB: number | null;
  /** Wilson 95 % interval of `shareB`. */
  readonly ci95B: readonly [number, number] | null;
}

interface Cell {
  posts: number;
  decided: number;
  b: number;
}

function bump(map: Map<string, Cell>, key: string, posts: number, decided: boolean, isB: boolean): void {
  const cell = map.get(key) ?? map.set(key, { posts: 0, decided: 0, b: 0 }).get(key)!;
  cell.posts += posts;
  if (decided) cell.decided += posts;
  if (isB) cell.b += posts;
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/**
 * Which cells of a breakdown give no side share: those of fewer than MIN_CELL posts, and then, while
 * the hidden ones hold fewer than MIN_CELL posts together, the smallest shown one too — the overall
 * share less the shown cells' would otherwise give the hidden cells' lean (complementary suppression).
 */
export function sideShareHidden(posts: readonly number[]): boolean[] {
  const hidden = posts.map((p) => p < MIN_CELL);
  const total = (): number => posts.reduce((s, p, i) => s + (hidden[i] ? p : 0), 0);
  while (total() > 0 && total() < MIN_CELL) {
    let next = -1;
    posts.forEach((p, i) => {
      if (!hidden[i] && (next < 0 || p < posts[next]!)) next = i;
    });
    if (next < 0) break;
    hidden[next] = true;
  }
  return hidden;
}

/** Accumulates classified posts into the SSIX-style report; memory grows with the breakdowns, not the posts. */
export class ReportBuilder {
  private posts = 0;
  private decided = 0;
  private b = 0;
  private strength = 0;
  private readonly countries = new Map<string, Cell>();
  private readonly days = new Map<string, Cell>();
  private readonly langs = new Map<string, Cell>();
  private readonly topics = new Map<string, { posts: number; sentiment: number }>();
  private readonly stances = new Map<string, number>();

  constructor(
    private readonly question: string,
    private readonly sides: readonly [string, string],
  ) {}

  /** Adds one classified post. */
  add(createdAt: number, c: Classification): void {
    for (const cell of rollupCells(createdAt, c)) this.addCell(cell);
  }

  /** Adds a rollup cell: what stored posts add up to, so that a report from the store equals one from the files. */
  addCell(x: RollupCell): void {
    if (x.topic !== '') {
      const t = this.topics.get(x.topic) ?? this.topics.set(x.topic, { posts: 0, sentiment: 0 }).get(x.topic)!;
      t.posts += x.posts;
      t.sentiment += x.sentimentSum;
      return;
    }
    const decided = x.stance !== 'neutral';
    const isB = decided && x.stance.slice(x.stance.indexOf('_') + 1) === this.sides[1];
    this.posts += x.posts;
    this.stances.set(x.stance, (this.stances.get(x.stance) ?? 0) + x.posts);
    if (decided) {
      this.decided += x.posts;
      this.strength += x.scoreSum;
      if (isB) this.b += x.posts;
    }
    bump(this.countries, x.country ?? 'unknown', x.posts, decided, isB);
    bump(this.langs, x.lang ?? 'unknown', x.posts, decided, isB);
    bump(this.days, new Date(x.hour).toISOString().slice(0, 10), x.posts, decided, isB);
  }

  result(): Report {
    const [a, bSide] = this.sides;
    const shareB = this.decided > 0 ? this.b / this.decided : 0;
    const [lo, hi] = wilsonInterval(this.b, this.decided);
    return {
      question: this.question,
      sides: this.sides,
      posts: this.posts,
      decided: this.decided,
      share: this.decided ? { [a]: round(1 - shareB), [bSide]: round(shareB) } : { [a]: null, [bSide]: null },
      ci95: { [a]: [round(1 - hi), round(1 - lo)], [bSide]: [round(lo), round(hi)] },
      averageStrength: this.decided ? round(this.strength / this.decided) : null,
      byCountry: this.breakdown(this.countries, true),
      byTopic: [...this.topics]
        .map(([topic, t]) => ({ topic, posts: t.posts, themeSentiment: round(t.sentiment / t.posts) }))
        .sort((x, y) => y.posts - x.posts || x.topic.localeCompare(y.topic)),
      byDay: this.breakdown(this.days, false).sort((x, y) => x.key.localeCompare(y.key)),
      byLanguage: this.breakdown(this.langs, true),
      byStance: Object.fromEntries([`strong_${a}`, `weak_${a}`, 'neutral', `weak_${bSide}`, `strong_${bSide}`].map((k) => [k, this.stances.get(k) ?? 0])),
      minCell: MIN_CELL,
    };
  }

  /**
   * Cells by size, those under MIN_CELL merged into "other" (`suppress`); shares of activity among
   * known keys. Cells that are kept whatever their size (days, whose merging would break the
   * timeline, and "unknown") give no side share under MIN_CELL posts: a day of three posts tells
   * how three people lean.
   */
  private breakdown(map: Map<string, Cell>, suppress: boolean): Breakdown[] {
    const other: Cell = { posts: 0, decided: 0, b: 0 };
    const kept: [string, Cell][] = [];
    for (const [key, cell] of map) {
      if (suppress && cell.posts < MIN_CELL && key !== 'unknown') {
        other.posts += cell.posts;
        other.decided += cell.decided;
        other.b += cell.b;
      } else kept.push([key, cell]);
    }
    if (other.posts > 0) kept.push(['other', other]);
    const known = kept.filter(([k]) => k !== 'unknown').reduce((s, [, c]) => s + c.posts, 0);
    const hidden = sideShareHidden(kept.map(([, c]) => c.posts));
    return kept
      .map(([key, c], i) => ({
        key,
        posts: c.posts,
        shareOfActivity: key === 'unknown' || known === 0 ? 0 : round(c.posts / known),
        decided: c.decided,
        shareB: c.decided > 0 && !hidden[i] ? round(c.b / c.decided) : null,
        ci95B: c.decided > 0 && !hidden[i] ? (wilsonInterval(c.b, c.decided).map((v) => round(v)) as [number, number]) : null,
      }))
      .sort((x, y) => y.posts - x.posts || x.key.localeCompare(y.key));
  }
}
