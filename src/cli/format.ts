/** Numbers and durations for people: 1,234,567 and 4.2 s. */
export function n(value: number): string {
  return value.toLocaleString('en');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** What a run's JSON summary reports of its speed and memory: posts per second, and this process's peak resident memory. */
export function runFigures(count: number, ms: number): { postsPerSecond: number | null; peakRssMb: number } {
  // maxRSS is in KiB.
  return { postsPerSecond: ms > 0 ? Math.round((count * 1000) / ms) : null, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

export function rate(count: number, ms: number): string {
  return ms > 0 ? `${n(Math.round((count * 1000) / ms))}/s` : '–';
}
