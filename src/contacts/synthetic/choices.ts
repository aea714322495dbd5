/** The weighted choices of the non-identifying columns of a synthetic contact. */

export const EMAIL_DOMAINS = {
  'gmail.com': 34,
  'orange.fr': 15,
  'hotmail.fr': 9,
  'free.fr': 9,
  'laposte.net': 6,
  'outlook.fr': 5,
  'yahoo.fr': 5,
  'sfr.fr': 5,
  'wanadoo.fr': 4,
  'icloud.com': 3,
  'gmx.fr': 2,
  'protonmail.com': 2,
  'bbox.fr': 1,
} as const;
export type EmailDomain = keyof typeof EMAIL_DOMAINS;

export const LANGUAGES = { fr: 920, en: 30, es: 20, it: 10, de: 10, nl: 10 } as const;

export const GENDERS = { F: 49, M: 45, '': 6 } as const;

export const TAGS: readonly string[] = [
  'volunteer', 'donor', 'petition-2026', 'event-lyon', 'event-montpellier', 'event-brest', 'newsletter', 'member',
  'canvass-2026', 'youth', 'climate-march', 'phonebank',
];

/** Number of tags on a row. */
export const TAG_COUNTS = { 0: 45, 1: 30, 2: 17, 3: 8 } as const;

export const SUPPORT = { '': 40, '1': 6, '2': 8, '3': 14, '4': 17, '5': 15 } as const;

/** Consent as asked or not: 'yes', 'no', or '' when the question was never put. */
export const CONSENT_NEWSLETTER = { yes: 55, no: 15, '': 30 } as const;
export const CONSENT_DOOR = { yes: 30, no: 10, '': 60 } as const;
export const CONSENT_PHONE = { yes: 25, no: 15, '': 60 } as const;
export const CONSENT_REUSE = { yes: 20, no: 20, '': 60 } as const;

export const INTERESTS: readonly string[] = [
  'environnement', 'santé', 'éducation', 'logement', 'transports', 'emploi', 'sécurité', 'culture', 'agriculture',
  'numérique', 'retraites', 'égalité', 'services publics', 'pouvoir d\'achat', 'mer et littoral',
];

export const OCCUPATIONS: readonly string[] = [
  'enseignant', 'infirmière', 'retraité', 'retraitée', 'étudiant', 'étudiante', 'agriculteur', 'artisan', 'cadre',
  'employé', 'employée', 'ouvrier', 'commerçant', 'sans emploi', 'profession libérale', 'fonctionnaire', 'ingénieur',
  'médecin', 'aide-soignante', 'pêcheur', 'viticulteur', 'chef d\'entreprise',
];

export const FIRST_BIRTH_YEAR = 1935;
export const LAST_BIRTH_YEAR = 2007;
