import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './email';

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Jean.Dupont@Example.FR ')).toEqual({ ok: true, email: 'jean.dupont@example.fr' });
  });

  it('keeps dots and plus tags, which are part of the identity outside Gmail', () => {
    expect(normaliseEmail('j.dupont+news@orange.fr')).toEqual({ ok: true, email: 'j.dupont+news@orange.fr' });
  });

  it('composes to NFC so the same address typed two ways compares equal', () => {
    const decomposed = 'Zoe\u0301@exemple.fr';
    expect(normaliseEmail(decomposed)).toEqual({ ok: true, email: 'zo\u00e9@exemple.fr' });
  });

  it('leaves out invisible characters and a mailto:, and folds full-width letters, so one address has one spelling', () => {
    const plain = { ok: true, email: 'ann.signup@example.org' };
    for (const raw of ['ann.signup\u200b@example.org', '\ufeffann.signup@example.org', 'ann.signup@example.org\u200e', 'mailto:ann.signup@example.org', 'MAILTO:Ann.Signup@Example.org', '\uff41nn.signup@example.org']) {
      expect(normaliseEmail(raw), JSON.stringify(raw)).toEqual(plain);
    }
    expect(normaliseEmail('ann.signup@example.org\u0000')).toEqual({ ok: false, reason: 'contains a control character' });
    expect(normaliseEmail('\u200b')).toBeNull();
  });

  it('takes the address out of what copies wrap it in, so that an objector or the erased are recognised under any of them', () => {
    const plain = { ok: true, email: 'olga@example.org' };
    for (const raw of ['<olga@example.org>', 'olga@example.org;', 'olga@example.org,', '(olga@example.org)', '"olga@example.org"', "'olga@example.org'", '"olga@example.org,"', 'mailto:olga@example.org?subject=hi', '<mailto:olga@example.org>', 'Olga Objector <olga@example.org>', '[olga@example.org];']) {
      expect(normaliseEmail(raw), raw).toEqual(plain);
    }
    expect(normaliseEmail('élodie@exemple.fr')).toEqual({ ok: true, email: 'élodie@exemple.fr' });
    expect(normaliseEmail("o'brien+news@example.ie")).toEqual({ ok: true, email: "o'brien+news@example.ie" });
  });

  it('treats an empty value as absent', () => {
    expect(normaliseEmail('')).toBeNull();
    expect(normaliseEmail(' \t ')).toBeNull();
  });

  it.each([
    ['jean.dupont.example.fr', 'no @'],
    ['jean@dupont@example.fr', 'more than one @'],
    ['@example.fr', 'nothing before the @'],
    ['jean@', 'nothing after the @'],
    ['jean@localhost', 'no dot in the domain'],
    ['jean@example.', 'empty label in the domain'],
    ['jean@.example.fr', 'empty label in the domain'],
    ['jean@example..fr', 'empty label in the domain'],
    ['jean dupont@example.fr', 'contains a space'],
    [`${'a'.repeat(65)}@example.fr`, 'part before the @ longer than 64 characters'],
    [`jean@${'a'.repeat(250)}.fr`, 'longer than 254 characters'],
    ['olga@example.org>', 'unexpected character ">" in the domain (expected letters, digits and inner hyphens)'],
    ['jean<@example.fr', 'unexpected character "<" before the @'],
    ['jean@exa_mple.fr', 'unexpected character "_" in the domain (expected letters, digits and inner hyphens)'],
    // The reason never quotes the address: a bad-row report names line and column only.
    ['jean.dupont@dupont_jean-secret.fr', 'unexpected character "_" in the domain (expected letters, digits and inner hyphens)'],
    ['jean@-example.fr', 'a hyphen at the start or end of a label of the domain (expected letters, digits and inner hyphens)'],
    ['.jean@example.fr', 'a dot at the start or end of the part before the @, or two in a row'],
    ['jean..d@example.fr', 'a dot at the start or end of the part before the @, or two in a row'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(normaliseEmail(raw)).toEqual({ ok: false, reason });
  });

  it('does not repeat the address in the reason', () => {
    const result = normaliseEmail('secret.person@nowhere');
    expect(result).toEqual({ ok: false, reason: 'no dot in the domain' });
  });
});
