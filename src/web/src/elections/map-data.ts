import { turfColor } from '../field/map-data';
import type { PriorityAnswer, UnitTurnout } from './types';

/** A polling station on the map: where it is, its colour, and what a click on it says. */
export interface StationPoint {
  readonly code: string;
  readonly lat: number;
  readonly lon: number;
  readonly color: string;
  readonly label: string;
}

/** Turnout in bands of 5 points, under 40 % to 70 % and over, pale to dark. */
const TURNOUT_SCALE = ['#f1eef6', '#d0d1e6', '#a6bddb', '#74a9cf', '#3690c0', '#0570b0', '#045a8d', '#023858'] as const;
const TURNOUT_FROM = 0.4;
const TURNOUT_STEP = 0.05;
const UNKNOWN = '#adb5bd';

/** The colour of a turnout (a share in [0, 1]; null: unknown, grey). */
export function turnoutColor(turnout: number | null): string {
  if (turnout === null || !Number.isFinite(turnout)) return UNKNOWN;
  const band = Math.floor((turnout - TURNOUT_FROM) / TURNOUT_STEP) + 1;
  return TURNOUT_SCALE[Math.max(0, Math.min(TURNOUT_SCALE.length - 1, band))]!;
}

/** The legend of turnoutColor: each band's colour and its range in words. */
export function turnoutLegend(): { color: string; label: string }[] {
  return TURNOUT_SCALE.map((color, i) => {
    const lo = Math.round((TURNOUT_FROM + (i - 1) * TURNOUT_STEP) * 100);
    const label = i === 0 ? `under ${TURNOUT_FROM * 100} %` : i === TURNOUT_SCALE.length - 1 ? `${lo} % and over` : `${lo}–${lo + TURNOUT_STEP * 100} %`;
    return { color, label };
  });
}

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`);
const placed = (u: UnitTurnout): u is UnitTurnout & { lat: number; lon: number } => u.lat !== null && u.lon !== null;
const title = (u: UnitTurnout): string => (u.name ? `${u.code} ${u.name}` : u.code);

/** The units with coordinates, coloured by turnout. */
export function turnoutPoints(units: readonly UnitTurnout[]): StationPoint[] {
  return units.filter(placed).map((u) => ({ code: u.code, lat: u.lat, lon: u.lon, color: turnoutColor(u.turnout), label: `${title(u)}: turnout ${pct(u.turnout)}` }));
}

/** Each unit's leading choice (most votes; none when no votes were cast for a choice). */
function leader(u: UnitTurnout): { key: string; label: string; share: number | null } | null {
  let best: UnitTurnout['options'][number] | null = null;
  for (const o of u.options) if (o.kind === 'choice' && o.votes > 0 && (!best || o.votes > best.votes)) best = o;
  return best ? { key: best.key, label: best.label, share: best.ofExpressed } : null;
}

/**
 * The units with coordinates, coloured by their leading choice, and the legend: one colour per
 * choice in `order` (the round's choices, most votes first).
 */
export function leaderPoints(units: readonly UnitTurnout[], order: readonly string[]): { points: StationPoint[]; legend: { color: string; label: string }[] } {
  const colorOf = new Map(order.map((k, i) => [k, turfColor(i + 1)]));
  const seen = new Map<string, string>();
  const points = units.filter(placed).map((u) => {
    const lead = leader(u);
    if (lead) seen.set(lead.key, lead.label);
    return { code: u.code, lat: u.lat, lon: u.lon, color: lead ? (colorOf.get(lead.key) ?? UNKNOWN) : UNKNOWN, label: lead ? `${title(u)}: ${lead.label} first, ${pct(lead.share)}` : `${title(u)}: no votes` };
  });
  const legend = order.filter((k) => seen.has(k)).map((k) => ({ color: colorOf.get(k)!, label: seen.get(k)! }));
  return { points, legend };
}

/** How many of the best areas the priority map tells apart; the others are drawn grey. */
export const RANKED_AREAS = 10;

/** The placed stations of a priority answer, coloured by their sample area when it is among the first RANKED_AREAS. */
export function areaPoints(answer: PriorityAnswer): StationPoint[] {
  const rankOf = new Map(answer.areas.flatMap((a) => a.stations.map((s) => [s, a.rank] as const)));
  return answer.placed.map((s) => {
    const rank = rankOf.get(s.code);
    const ranked = rank !== undefined && rank <= RANKED_AREAS;
    return { code: s.code, lat: s.lat, lon: s.lon, color: ranked ? turfColor(rank) : UNKNOWN, label: `${s.code}: area ${rank ?? '—'}, ${Math.round(s.gain)} votes to gain (${s.perThousand.toFixed(1)} per 1,000)` };
  });
}
