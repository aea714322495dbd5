/**
 * Pure normalisation and matching of contact fields: run once per field of every imported row, so
 * each is cheap (a few µs) and allocation-light. Each returns `null` for an empty field and a
 * reason (never the value) for a bad one.
 */
export { addressKey, postcodeKey, streetWords } from './address';
export { ageBand, AGE_BANDS, birthYearOf, normaliseGender, supportLevel, type AgeBand, type Gender, type NormalisedBirthYear, type NormalisedSupport } from './demography';
export { normaliseCountry } from './country';
export { normaliseEmail, type NormalisedEmail } from './email';
export { foldLetters, foldText, foldWords } from './fold';
export { FUZZY_THRESHOLD, nameSimilarity, personSimilarity, type PersonLike } from './fuzzy';
export { jaroWinkler } from './jaro-winkler';
export { normaliseLanguage, type NormalisedLanguage } from './language';
export { cleanName, nameKey, withParticle } from './name';
export { differsFromSealed, namesDiffer, sealName, type Named, type Seal, type SealedName } from './name-conflict';
export { normalisePhone, type CountryCode, type NormalisedPhone } from './phone';
export type { Normalised } from './result';
