import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random';
import { generateDemoPosts } from '../demo';
import { DetectorNotLoadedError, detectLanguage, loadDetector, needsDetector } from './detect';

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
