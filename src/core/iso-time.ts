/**
 * ISO 8601 dates and date-times, strictly: 2026-05-01, 2026-05-01T09:30, 2026-05-01T09:30:00Z,
 * 2026-05-01T09:30:00.250+02:00. A date-time without a zone is UTC (never the server's own zone).
 * `Date.parse` alone takes "1" for 2001 and 2026-02-30 for 2 March.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds, or null when `text` is not such a date or names a day the calendar lacks. */
export function parseIsoTime(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const day = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const back = new Date(day);
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  return Number.isNaN(t) ? null : t;
}

export const ISO_EXAMPLE = 'an ISO 8601 date or date-time (e.g. 2026-05-01 or 2026-05-01T09:30:00Z)';
