/** One palette for every chart: side A warm, side B cool, neutral grey (readable by the colour-blind). */
export const SIDE_A = '#e8590c';
export const SIDE_B = '#1971c2';
export const NEUTRAL = '#adb5bd';

export function stanceColor(label: string, sides: readonly [string, string]): string {
  if (label === 'neutral') return NEUTRAL;
  const strong = label.startsWith('strong_');
  const side = label.slice(label.indexOf('_') + 1);
  if (side === sides[0]) return strong ? SIDE_A : '#ffa94d';
  return strong ? SIDE_B : '#74c0fc';
}

/** A colour for a share of side B in [0, 1]: side A's colour at 0, white at ½, side B's at 1. */
export function divergingColor(shareB: number): string {
  const mix = (a: number, b: number, t: number): number => Math.round(a + (b - a) * t);
  const [from, t] = shareB < 0.5 ? [[0xe8, 0x59, 0x0c], 1 - shareB * 2] : [[0x19, 0x71, 0xc2], shareB * 2 - 1];
  const c = [0, 1, 2].map((i) => mix(0xf8, from[i]!, t as number));
  return `rgb(${c.join(',')})`;
}

/** Theme sentiment −1 … 1 as red … grey … green. */
export function sentimentColor(s: number): string {
  if (s > 0.05) return '#2f9e44';
  if (s < -0.05) return '#e03131';
  return NEUTRAL;
}
