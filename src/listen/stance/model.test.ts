import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { combineStance, cueStance } from './classify';
import { compileCues } from './cues';
import { features } from './features';
import { predict } from './logistic';
import { loadModel, primeModel, sharedModel, toModelFile } from './model';
import { distantExample, labelledExamples, MIN_NEUTRAL_ROWS, trainModel, trainStance } from './train';
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

  it('hands worker threads the main thread\'s model: weights in shared memory, no file read again', async () => {
    const model = await loadModel(join(import.meta.dirname, '..', 'questions', 'builtin', 'brexit.model.json'));
    const shared = sharedModel(model);
    expect(shared.weights.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.neutral?.weights.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...shared.weights]).toEqual([...model.weights]);
    expect([...shared.neutral!.weights]).toEqual([...model.neutral!.weights]);
    expect({ ...shared, weights: null, neutral: { ...shared.neutral, weights: null } }).toEqual({ ...model, weights: null, neutral: { ...model.neutral, weights: null } });
    const nowhere = join(dir, 'never-written.model.json');
    primeModel(nowhere, shared);
    expect(await loadModel(nowhere)).toBe(shared);
  });

  it('refuses a file that is not a model of this version, saying why', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ format: 'hustings-stance-model', version: 9 }));
    await expect(loadModel(path)).rejects.toThrow(InputError);
    await expect(loadModel(path)).rejects.toThrow(`${path}: version: expected "version": 1 or 2`);
  });

  it('trains a neutral head from neutral rows, keeps its languages, and still reads version 1 files', async () => {
    const neutralRows = ['the weather is nice today', 'my cat sleeps all day', 'lunch was pasta', 'traffic on the motorway'].flatMap((t, i) => Array.from({ length: 6 }, (_, k) => ({ text: `${t} ${i}${k}`, label: k % 2 ? 'neutral' : 'none' })));
    const model = trainModel([...rows, ...neutralRows], [], q);
    expect(model.neutral).not.toBeNull();
    const path = join(dir, 'm2.json');
    writeFileSync(path, JSON.stringify(toModelFile(model, 'brexit', q.sides, { labelled: 32, distant: 0 }, ['en'])));
    const loaded = await loadModel(path);
    expect(loaded.languages).toEqual(new Set(['en']));
    expect(predict(loaded.neutral!, features('my cat sleeps all day'))).toBeGreaterThan(0.5);
    expect(predict(loaded.neutral!, features('take back our borders now'))).toBeLessThan(0.5);
    // Too few neutral rows (the fixture has one of its own): no head.
    expect(trainModel([...rows, ...neutralRows.slice(0, MIN_NEUTRAL_ROWS - 2)], [], q).neutral).toBeNull();
    const v1 = join(dir, 'v1.json');
    writeFileSync(v1, JSON.stringify({ ...toModelFile(model, 'brexit', q.sides, { labelled: 8, distant: 0 }), version: 1, neutral: undefined, languages: undefined }));
    expect((await loadModel(v1)).neutral).toBeNull();
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

  it('abstains when the neutral head says the post takes no side, unless cues decide', () => {
    const cues = compileCues(q, 'en', (n) => `@u_${n}`);
    expect(combineStance(cueStance('nothing here', cues), 0.99, q.sides, 0.8)).toMatchObject({ label: 'neutral', score: 0, confidence: 0.8 });
    expect(combineStance(cueStance('nothing here', cues), 0.99, q.sides, 0.1).label).toBe('weak_remain');
    // Discounted by the chance of no side: 0.4 × (1 − 0.49) is inside the neutral band.
    expect(combineStance(cueStance('nothing here', cues), 0.7, q.sides, 0.49).label).toBe('neutral');
    expect(combineStance(cueStance('nothing here', cues), 0.7, q.sides, null).label).toBe('weak_remain');
    expect(combineStance(cueStance('#VoteLeave', cues), 0.5, q.sides, 0.9).label).toBe('weak_leave');
  });
});
