/** Numbers and durations for people: 1,234,567 and 4.2 s. */
export function n(value: number): string {
  return value.toLocaleString('en');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function rate(count: number, ms: number): string {
  return ms > 0 ? `${n(Math.round((count * 1000) / ms))}/s` : '–';
}
