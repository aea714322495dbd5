import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone';

describe('normalisePhone', () => {
  it('turns national numbers into E.164 in the default region', () => {
    expect(normalisePhone('06 12 34 56 78', 'FR')).toEqual({ ok: true, e164: '+33612345678' });
    expect(normalisePhone('020 7946 0958', 'GB')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalisePhone('030 901820', 'DE')).toEqual({ ok: true, e164: '+4930901820' });
    expect(normalisePhone('(06) 12.34.56.78', 'FR')).toEqual({ ok: true, e164: '+33612345678' });
  });

  it('keeps the country of an international number whatever the default region', () => {
    expect(normalisePhone('+44 20 7946 0958', 'FR')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalisePhone('0044 20 7946 0958', 'FR')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalisePhone('+33 (0)6 12 34 56 78', 'GB')).toEqual({ ok: true, e164: '+33612345678' });
  });

  it('treats an empty value as absent', () => {
    expect(normalisePhone('', 'FR')).toBeNull();
    expect(normalisePhone('   ', 'FR')).toBeNull();
  });

  it('says what is wrong without repeating the number', () => {
    expect(normalisePhone('n/a', 'FR')).toEqual({ ok: false, reason: 'not a phone number' });
    expect(normalisePhone('0612', 'FR')).toEqual({ ok: false, reason: 'too short for FR' });
    expect(normalisePhone('+33 6 12 34 56 78 99 99', 'GB')).toEqual({ ok: false, reason: 'too long for FR' });
    expect(normalisePhone('+999 123 456', 'FR')).toEqual({ ok: false, reason: 'unknown country calling code' });
    // 07700 900xxx is Ofcom's range reserved for drama: the right length, but no real number.
    expect(normalisePhone('07700 900123', 'GB')).toEqual({ ok: false, reason: 'invalid number for region GB' });
  });

  it('refuses text around a number rather than guessing', () => {
    const result = normalisePhone('call me on 06 12 34 56 78', 'FR');
    expect(result?.ok).toBe(false);
    if (result?.ok === false) expect(result.reason).not.toContain('12 34');
  });
});
