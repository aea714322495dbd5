import { describe, expect, it } from 'vitest';
import { foldLetters, foldText, foldWords } from './fold';

describe('foldText', () => {
  it('lower-cases and strips accents', () => {
    expect(foldText('Ãlvaro NÚÑEZ Zoë Çelik')).toBe('alvaro nunez zoe celik');
  });
  it('maps letters Unicode does not decompose', () => {
    expect(foldText('Straße Ærø Œuvre Łódź Þór')).toBe('strasse aero oeuvre lodz thor');
  });
  it('leaves ASCII and other scripts alone apart from case', () => {
    expect(foldText('Smith')).toBe('smith');
    expect(foldText('Παπαδόπουλος')).toBe('παπαδοπουλος');
  });
});

describe('foldLetters', () => {
  it('keeps letters only', () => {
    expect(foldLetters("O'Brien-Núñez 3")).toBe('obriennunez');
    expect(foldLetters('Иван-Петров')).toBe('иванпетров');
    expect(foldLetters(" -'. ")).toBe('');
  });
});

describe('foldWords', () => {
  it('splits on anything but letters and digits', () => {
    expect(foldWords('12, Rue St-Denis')).toEqual(['12', 'rue', 'st', 'denis']);
    expect(foldWords('  ,; ')).toEqual([]);
  });
});
