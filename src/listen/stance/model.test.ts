import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { combineStance, cueStance } from './classify';
import { compileCues } from './cues';
import { features } from './features';
import { predict } from './logistic';
import { loadModel, toModelFile } from './model';
import { distantExample, labelledExamples, trainStance } from './train';
import { loadQuestion } from '../questions';

const dir = mkdtempSync(join(tmpdir(), 'hustings-model-'));

describe('stance model', async () => {
  const q = await loadQuestion('brexit');
  const rows = [
    ...['we are stronger together in europe', 'europe keeps our jobs safe', 'better together with our neighbours', 'europe protects workers'].map((text) => ({ text, label: 'remain' })),
    ...['take back our borders now', 'brussels should not rule us', 'our own laws our own country', 'independence from brussels'].map((text) => ({ text, label: 'leave' })),
    { text: 'europe together', label: 'remain', split: 'test' },
    { text: 'no idea', label: 'neutral' },
  ];

  it('trains on labelled rows only (never test rows or neutral ones), and round-trips as versioned JSON', async () => {
    const examples = labelledExamples(rows, q);
    expect(examples).toHaveLength(8);
    const model = trainStance(examples);
    const path = join(dir, 'm.json');
    writeFileSync(path, JSON.stringify(toModelFile(model, 'brexit', q.sides, { labelled: 8, distant: 0 })));
    const loaded = await loadModel(path);
    const text = 'stronger together in europe';
    expect(predict(loaded, features(text))).toBeCloseTo(predict(model, features(text)), 3);
    expect(predict(loaded, features('independence from brussels'))).toBeLessThan(0.5);
  });

  it('refuses a file that is not a model of this version, saying why', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ format: 'hustings-stance-model', version: 9 }));
    await expect(loadModel(path)).rejects.toThrow(InputError);
    await expect(loadModel(path)).rejects.toThrow(`${path}: version: expected "version": 1`);
  });

  it('labels posts by their cues for distant supervision, masking the cues', () => {
    const cues = compileCues(q, 'en', (n) => `@u_${n}`);
    const e = distantExample('Vote leave, we want our borders back #VoteLeave', cues)!;
    expect(e.label).toBe(0);
    expect(e.features).toEqual(features('Vote leave, we want our borders back #VoteLeave', new Set(['vote', 'leave', '#voteleave'])));
    expect(distantExample('Nice weather in Leeds', cues)).toBeNull();
  });

  it('combines: cues first, the model alone at most weak, neutral near 50 %', () => {
    const cues = compileCues(q, 'en', (n) => `@u_${n}`);
    const withCue = combineStance(cueStance('#VoteRemain', cues), 0.1, q.sides);
    expect(withCue.score).toBeGreaterThan(0);
    expect(combineStance(cueStance('nothing here', cues), 0.99, q.sides).label).toBe('weak_remain');
    expect(combineStance(cueStance('nothing here', cues), 0.55, q.sides).label).toBe('neutral');
  });
});
