import { describe, expect, it } from 'vitest';
import { needsDetector } from '../lang';
import { loadQuestion } from '../questions';
import type { RawItem } from '../read-items';
import { autoThreads, THREADS_FROM_BYTES } from './runner';
import { openStage } from './stage';

function lines(...records: object[]): RawItem[] {
  return records.map((r, i) => ({ kind: 'line', line: i + 1, text: JSON.stringify(r) }));
}

/** The stage's JSON lines, as text. */
const text = (json: Uint8Array): string => Buffer.from(json).toString('utf8');

const post = (id: string, text: string, lang?: string): object => ({ id, text, created_at: '2016-06-20T10:00:00Z', ...(lang ? { lang } : {}) });

describe('openStage', () => {
  it('loads the language detector only once a post needs it', async () => {
    const stage = await openStage({ format: null, platform: 'twitter', key: '11'.repeat(32), question: await loadQuestion('brexit'), modelPath: null, output: 'json' });
    const declared = await stage(lines(post('1', 'We are better off out #VoteLeave', 'en'), post('2', 'Nous restons, #Remain', 'fr')));
    expect(text(declared.json).trim().split('\n').map((l) => (JSON.parse(l) as { lang: string }).lang)).toEqual(['en', 'fr']);
    expect(needsDetector(null)).toBe(true);

    const undeclared = await stage(lines(post('3', 'Ich glaube, dass Großbritannien in der Europäischen Union bleiben sollte')));
    expect((JSON.parse(text(undeclared.json)) as { lang: string }).lang).toBe('de');
    expect(needsDetector(null)).toBe(false);
  });

  it('gives one JSON line per post, bad lines as rejects with their line number', async () => {
    const stage = await openStage({ format: null, platform: 'twitter', key: '11'.repeat(32), question: await loadQuestion('brexit'), modelPath: null, output: 'json' });
    const items = [...lines(post('1', 'Vote leave! #VoteLeave', 'en')), { kind: 'line', line: 2, text: '{"id": "2", "text": ' } as const, ...lines(post('3', 'Stronger in #StrongerIn', 'en')).map((i) => ({ ...i, line: 3 }))];
    const r = await stage(items);
    expect(r.count).toBe(2);
    expect(text(r.json).trim().split('\n').map((l) => (JSON.parse(l) as { stance: { label: string } }).stance.label)).toEqual(['strong_leave', 'strong_remain']);
    expect(r.rejects.map((x) => [x.line, x.error.slice(0, 14)])).toEqual([[2, 'truncated JSON']]);
  });

  it('decodes blocks of lines as it would the lines, with their line numbers', async () => {
    const stage = await openStage({ format: null, platform: 'twitter', key: '11'.repeat(32), question: await loadQuestion('brexit'), modelPath: null, output: 'json' });
    const good = lines(post('1', 'Vote leave! #VoteLeave', 'en'), post('2', 'Réveillez-vous, #Remain', 'fr'));
    const body = `${(good[0] as { text: string }).text}\n\n{"id": "3"\n${(good[1] as { text: string }).text}\r\n`;
    const bytes = new TextEncoder().encode(body);
    const r = await stage([{ kind: 'block', line: 10, lines: 4, bytes, maxLineBytes: 1 << 20, previewBytes: 64 }]);
    const one = await stage(good);
    expect(text(r.json)).toBe(text(one.json));
    expect(r.rejects.map((x) => x.line)).toEqual([12]);
    expect(r.read).toBe(3);
  });
});

describe('autoThreads', () => {
  it('takes 2 threads for a large input on 2 cores or more, none otherwise', () => {
    expect(autoThreads(THREADS_FROM_BYTES, 2)).toBe(2);
    expect(autoThreads(10 * THREADS_FROM_BYTES, 64)).toBe(2);
    expect(autoThreads(THREADS_FROM_BYTES - 1, 2)).toBe(0);
    expect(autoThreads(10 * THREADS_FROM_BYTES, 1)).toBe(0);
  });
});
