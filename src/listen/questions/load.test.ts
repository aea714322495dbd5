import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { loadQuestion, parseQuestion } from './load';

const minimal = { id: 'indyref', sides: ['yes', 'no'], languages: { en: { cues: [{ text: '#YesScotland', side: 'yes' }], topics: { economy: ['economy'] } } } };

describe('question files', () => {
  it('ships brexit with cues, topics and negations in six languages', async () => {
    const q = await loadQuestion('brexit');
    expect(q.sides).toEqual(['leave', 'remain']);
    expect(Object.keys(q.languages).sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl']);
    for (const [lang, l] of Object.entries(q.languages)) {
      expect(l.cues.some((c) => c.side === 'leave'), lang).toBe(true);
      expect(l.cues.some((c) => c.side === 'remain'), lang).toBe(true);
      expect(Object.keys(l.topics), lang).toEqual(expect.arrayContaining(['economy', 'immigration', 'health']));
      expect(l.negations.length, lang).toBeGreaterThan(0);
    }
  });

  it('reads a user question as JSON or YAML, with defaults filled in', () => {
    const fromJson = parseQuestion(JSON.stringify(minimal), 'q.json');
    const fromYaml = parseQuestion('id: indyref\nsides: [yes_, no_]\nlanguages:\n  en:\n    cues:\n      - { text: "#YesScotland", side: yes_ }\n', 'q.yaml');
    expect(fromJson.languages.en!.cues[0]).toEqual({ text: '#YesScotland', side: 'yes', weight: 1 });
    expect(fromYaml.languages.en!.negations).toEqual([]);
  });

  it('says where a question file is wrong and what was expected', () => {
    const wrongSide = { ...minimal, languages: { en: { cues: [{ text: 'x', side: 'yes' }, { text: 'y', side: 'out' }] } } };
    expect(() => parseQuestion(JSON.stringify(wrongSide), 'q.json')).toThrow(InputError);
    expect(() => parseQuestion(JSON.stringify(wrongSide), 'q.json')).toThrow('q.json: languages.en.cues.1.side: expected one of yes, no, found "out"');
    expect(() => parseQuestion(JSON.stringify({ ...minimal, sides: ['yes', 'yes'] }), 'q.json')).toThrow('q.json: sides: expected two different sides');
    expect(() => parseQuestion(JSON.stringify({ ...minimal, languages: { english: {} } }), 'q.json')).toThrow('languages.english');
    expect(() => parseQuestion('id: [unclosed\n', 'q.yaml')).toThrow(/^q\.yaml:\d+:\d+: not valid YAML or JSON/);
  });

  it('names the built-in questions when a file cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hustings-q-'));
    writeFileSync(join(dir, 'ok.yaml'), JSON.stringify(minimal));
    expect((await loadQuestion(join(dir, 'ok.yaml'))).id).toBe('indyref');
    await expect(loadQuestion('brexitt')).rejects.toThrow(/cannot read question brexitt: .* \(built-in questions: brexit; or give a \.yaml\/\.json file\)/);
  });
});
