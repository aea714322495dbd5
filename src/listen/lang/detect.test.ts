import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random';
import { generateDemoPosts } from '../demo';
import { readFileSync } from 'node:fs';
import { CANDIDATES, DetectorNotLoadedError, detectLanguage, detectorIsPruned, loadDetector, needsDetector } from './detect';
import { join } from 'node:path';
import { eldDirectory, loadPrunedEld, parseTables } from './eld-tables';

describe('loadDetector', () => {
  it('is needed only for posts without a platform language, and until it is loaded', async () => {
    expect(needsDetector('en-GB')).toBe(false);
    expect(needsDetector(null)).toBe(true);
    expect(() => detectLanguage('Ich glaube, dass Großbritannien in der Union bleiben sollte', null)).toThrow(DetectorNotLoadedError);
    await loadDetector();
    expect(needsDetector(null)).toBe(false);
  });
});

describe('detectLanguage', () => {
  beforeAll(loadDetector);

  it('takes the platform language when there is one', () => {
    expect(detectLanguage('Bonjour tout le monde, comment allez-vous ?', 'en-GB')).toEqual({ lang: 'en', source: 'platform' });
  });

  it.each([
    ['en', 'I think we are better off staying in the European Union, whatever the polls say tonight'],
    ['fr', 'Je pense que le Royaume-Uni devrait rester dans l’Union européenne, quoi qu’en disent les sondages'],
    ['de', 'Ich glaube, dass Großbritannien in der Europäischen Union bleiben sollte, egal was die Umfragen sagen'],
    ['es', 'Creo que el Reino Unido debería quedarse en la Unión Europea, digan lo que digan las encuestas'],
    ['it', 'Penso che il Regno Unito dovrebbe restare nell’Unione europea, qualunque cosa dicano i sondaggi'],
    ['nl', 'Ik denk dat het Verenigd Koninkrijk in de Europese Unie moet blijven, wat de peilingen ook zeggen'],
    ['ca', 'Crec que el Regne Unit s’hauria de quedar a la Unió Europea, diguin el que diguin les enquestes'],
  ])('detects %s from the text when the platform says nothing', (lang, text) => {
    expect(detectLanguage(text, null)).toEqual({ lang, source: 'detected' });
  });

  it('leaves too little text unknown, ignoring mentions, hashtags and links', () => {
    expect(detectLanguage('@u_3f9a1c2b4d5e6f70 #Brexit https://t.co/abc123 ok', null)).toEqual({ lang: null, source: null });
  });

  it('recognises the language of most demo posts of each language', () => {
    const posts = [...generateDemoPosts(createRandom(3), 3000, () => 'generic')].filter((p) => !p.repostOf && p.text.length > 40);
    const byLang = new Map<string, { ok: number; n: number }>();
    for (const p of posts) {
      const s = byLang.get(p.lang) ?? { ok: 0, n: 0 };
      s.n++;
      if (detectLanguage(p.text, null).lang === p.lang) s.ok++;
      byLang.set(p.lang, s);
    }
    for (const [lang, s] of byLang) expect(s.ok / s.n, `${lang}: ${s.ok}/${s.n}`).toBeGreaterThan(0.8);
  });
});

const ROOT = join(import.meta.dirname, '..', '..', '..');

function randomTexts(n: number): string[] {
  const random = createRandom(5);
  const letters = 'abcdefghijklmnopqrstuvwxyzàâçéèêëîïôûùüÿñäößáíóúαβγδεζηθικλμνξοπρστυφχψωабвгдеёжзийклмнопрстуфхцчшщыэюя';
  const word = (): string => Array.from({ length: 2 + random.int(8) }, () => letters[random.int(letters.length)]).join('');
  return Array.from({ length: n }, () => Array.from({ length: 3 + random.int(10) }, word).join(' '));
}

describe('the pruned n-gram tables', () => {
  it('give the same language and reliability as eld/small on the candidate languages, from fewer n-grams', async () => {
    await loadDetector();
    expect(detectorIsPruned()).toBe(true);
    const pruned = await loadPrunedEld(CANDIDATES);
    const { eld } = await import('eld/small');
    for (const d of [pruned!, eld]) {
      d.setLanguageSubset([...CANDIDATES]);
      d.enableTextCleanup(false);
    }
    const texts = [
      ...[...generateDemoPosts(createRandom(11), 3000, () => 'generic')].map((p) => p.text),
      // Prose of this repository (English, with French, German, Spanish, Italian and Dutch examples)…
      ...['README.md', 'docs/benchmarks.md', 'src/listen/questions/builtin/brexit.yaml'].flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n')),
      // …and words of random letters, Latin, Greek and Cyrillic, which reach n-grams no prose does.
      ...randomTexts(2000),
      'Москва — столица России, и это большой город', 'これは日本語の文章です、ありがとう', 'Η Ελλάδα είναι μια χώρα στην Ευρώπη', 'Dit is een Afrikaanse sin oor die weer vandag',
      'O Brasil é um país grande e bonito, com muitas praias', 'Polska jest pięknym krajem w Europie Środkowej', 'x', '', '12345 !!!',
    ];
    let differ = 0;
    for (const t of texts) {
      const a = pruned!.detect(t);
      const b = eld.detect(t);
      if (a.language !== b.language || a.isReliable() !== b.isReliable()) differ++;
    }
    expect(differ).toBe(0);
    const source = readFileSync(join(eldDirectory()!, 'src', 'ngrams', 'small.js'), 'utf8');
    const full = parseTables(source)!;
    const kept = parseTables(source, CANDIDATES)!;
    expect(Object.keys(full.ngrams).length).toBeGreaterThan(50_000);
    expect(Object.keys(kept.ngrams).length).toBeLessThan(Object.keys(full.ngrams).length);
    expect(kept.languages).toEqual(full.languages);
  });

  it('are refused when the data module is not in the shape expected', () => {
    expect(parseTables('export const ngramsData = {type:S60,')).toBeNull();
    expect(parseTables('nothing here')).toBeNull();
    const tiny = "export const ngramsData = {type:'S60',languages:{0:'en',1:'ja'},ngrams:{'a\\'b':{0:3,1:2},c$:{0:1},' \"d':{1:5}}};";
    expect(parseTables(tiny)).toEqual({ type: 'S60', languages: { 0: 'en', 1: 'ja' }, ngrams: { "a'b": { 0: 3, 1: 2 }, c$: { 0: 1 }, ' "d': { 1: 5 } } });
    expect(parseTables(tiny, ['en'])).toEqual({ type: 'S60', languages: { 0: 'en', 1: 'ja' }, ngrams: { "a'b": { 0: 3 }, c$: { 0: 1 } } });
  });
});
