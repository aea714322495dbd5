export type { CountryResult, CountrySource } from './country';
export { countryFromFlag, countryFromLocation, resolveCountry } from './country';
export { normalisePlace } from './normalise';
