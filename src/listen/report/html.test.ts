import { describe, expect, it } from 'vitest';
import type { Classification } from '../classify';
import { ReportBuilder } from './aggregate';
import { reportHtml } from './html';

function c(label: string, score: number, country: string, topics: string[]): Classification {
  return { id: 'x', platform: 'twitter', lang: 'en', country, stance: { label, score, confidence: 1, cues: [] }, sentiment: { compound: 0 }, topics, themeSentiment: Object.fromEntries(topics.map((t) => [t, 0.2])) };
}

describe('reportHtml', () => {
  it('is one self-contained page: figures, server-rendered SVG charts, no script, nothing fetched', async () => {
    const b = new ReportBuilder('brexit', ['leave', 'remain']);
    for (let i = 0; i < 40; i++) b.add(Date.UTC(2016, 5, 9 + (i % 5)), c(i % 3 ? 'strong_remain' : 'weak_leave', i % 3 ? 0.9 : -0.4, i % 4 ? 'GB' : 'NL', ['economy']));
    const html = await reportHtml(b.result());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link|src=|@import/i);
    expect(html.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]+"/g, '')).not.toMatch(/https?:\/\//);
    expect(html).toContain('remain <strong>65.0 %</strong>');
  });
});
