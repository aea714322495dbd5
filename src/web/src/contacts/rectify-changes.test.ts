import { describe, expect, it } from 'vitest';
import { changesFrom, formOf } from './rectify-changes';
import type { PersonRecord } from './types';

const PERSON: PersonRecord = {
  id: 7,
  givenName: 'Élodie',
  familyName: 'Martin',
  birthYear: 1984,
  gender: 'female',
  language: 'fr',
  support: 4,
  volunteer: true,
  area: '34172_0001',
  createdAt: 0,
  updatedAt: 0,
  contactPoints: [
    { kind: 'email', value: 'elodie@example.org', sourceId: 1 },
    { kind: 'phone', value: '+33612345678', sourceId: 1 },
  ],
  addresses: [{ street: '12 rue de la Loge', postcode: '34000', city: 'Montpellier', country: 'FR', sourceId: 1 }],
  tags: [],
  fields: [],
  activities: [],
  consents: [],
  consentState: [],
  suppressions: [],
  sources: [],
};

describe('the correction form (rectification)', () => {
  it('sends nothing when nothing changed', () => {
    expect(changesFrom(PERSON, formOf(PERSON))).toEqual({});
  });

  it('sends only what changed: a field, an emptied field as null, points added and removed', () => {
    const f = { ...formOf(PERSON), familyName: ' Martin-Roux ', support: '', emails: 'elodie.martin@example.org\n\n', phones: '+33612345678\n07 11 22 33 44' };
    expect(changesFrom(PERSON, f)).toEqual({
      familyName: 'Martin-Roux',
      support: null,
      addEmails: ['elodie.martin@example.org'],
      removeEmails: ['elodie@example.org'],
      addPhones: ['07 11 22 33 44'],
      country: 'FR',
    });
  });

  it('replaces the address whole, or removes it when its lines are emptied', () => {
    expect(changesFrom(PERSON, { ...formOf(PERSON), street: '3 place de la Comédie' })).toEqual({ address: { street: '3 place de la Comédie', postcode: '34000', city: 'Montpellier', country: 'FR' } });
    expect(changesFrom(PERSON, { ...formOf(PERSON), street: '', postcode: '', city: '' })).toEqual({ address: null });
    const homeless = { ...PERSON, addresses: [] };
    expect(changesFrom(homeless, { ...formOf(homeless), country: 'BE' })).toEqual({});
  });
});
