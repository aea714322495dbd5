import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './iso-time';

describe('parseIsoTime', () => {
  it('reads dates and date-times, UTC unless a zone is given', () => {
    expect(parseIsoTime('2026-05-01')).toBe(Date.UTC(2026, 4, 1));
    expect(parseIsoTime('2026-05-01T09:30')).toBe(Date.UTC(2026, 4, 1, 9, 30));
    expect(parseIsoTime('2026-05-01T09:30:15Z')).toBe(Date.UTC(2026, 4, 1, 9, 30, 15));
    expect(parseIsoTime('2026-05-01T09:30:15.250+02:00')).toBe(Date.UTC(2026, 4, 1, 7, 30, 15, 250));
    expect(parseIsoTime('2026-05-01T09:30:15-0130')).toBe(Date.UTC(2026, 4, 1, 11, 0, 15));
    expect(parseIsoTime('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });

  it('refuses what Date.parse would take for something else', () => {
    for (const text of ['1', 'hello 5', '2026-02-30', '2025-02-29', '2026-13-01', '2026-05-01T24:00', '2026-5-1', 'May 1, 2026', '', '2026-05-01T09:60']) expect(parseIsoTime(text), text).toBeNull();
  });
});
