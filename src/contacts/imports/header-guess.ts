import { foldText } from '../normalise/fold';

/**
 * Guessing where a column goes from its header, in the six languages of the campaigns (en, fr,
 * de, es, it, nl). A header is read as words: case, accents and ß/œ folded, punctuation and
 * camelCase split, small words (`de`, `of`, `der`, …) left out, every way of writing "number"
 * (`N°`, `Nº`, `No.`, `Nr.`, `#`, `numéro`, `Nummer`, `…nummer`, `…nr`) read as one word `num`,
 * and "and" (`et`, `und`, `y`, `en`, `&`, `+`, `/`) as `and`. A header is guessed only when its
 * words fit exactly one target; anything else is left for the user (`ignore`), never guessed.
 */

/** Targets a header can be guessed as (a mapping's targets but `ignore`, consents and fields). */
export type Guessed =
  | 'given_name' | 'family_name' | 'birth_name' | 'name_particle' | 'full_name' | 'email' | 'phone' | 'street' | 'house_number' | 'postcode' | 'city'
  | 'country' | 'birth_year' | 'gender' | 'language' | 'tags' | 'support' | 'volunteer' | 'area' | 'notice_version';

interface Vocabulary {
  /** Words that name the target, alone or as the whole header run together ("code postal" → `codepostal`). */
  readonly words: readonly string[];
  /** Words that may stand beside one of `words` ("téléphone *portable*", "*date de* naissance"). */
  readonly with?: readonly string[];
  /** Only the whole header run together counts (a full name's phrases: "nom prénom"). */
  readonly exact?: boolean;
}

/** Words that, after a `num`, say a house number ("Hausnummer", "n° de rue", "numero civico"). */
const HOUSE = ['haus', 'huis', 'house', 'maison', 'casa', 'civico', 'portal'];
const STREET_WORDS = ['street', 'streetaddress', 'address', 'addr', 'address1', 'addressline1', 'adresse', 'adresse1', 'rue', 'voie', 'strasse', 'str', 'strassen', 'strassenname', 'anschrift', 'calle', 'direccion', 'domicilio', 'via', 'indirizzo', 'straat', 'straatnaam', 'adres'];
const TELEPHONE = ['phone', 'telephone', 'tel', 'telefon', 'telefono', 'telefoon', 'mobile', 'mobil', 'mobiel', 'movil', 'portable', 'cell', 'cellphone', 'cellular', 'cellulaire', 'cellulare', 'celular', 'handy', 'gsm', 'natel', 'festnetz', 'telefonino', 'ruf', 'phonenumber', 'mobilephone', 'mobiltelefon'];
/** What tells one phone, e-mail or address column from another ("work", "perso", "2"). */
/** Which of a person's addresses a column belongs to (NationBuilder: primary_city, mailing_zip, home_address1). */
const ADDRESS_KIND = ['primary', 'home', 'mailing', 'billing', 'registered', 'residential', 'main', 'principal', 'current', 'permanent'];
const KIND = ['home', 'work', 'private', 'personal', 'perso', 'personnel', 'pro', 'professionnel', 'privat', 'prive', 'principal', 'primary', 'main', 'contact', '1', '2', '3'];

const VOCABULARY: Readonly<Record<Guessed, Vocabulary>> = {
  given_name: { words: ['first', 'firstname', 'given', 'givenname', 'forename', 'forenames', 'prenom', 'prenoms', 'vorname', 'vornamen', 'rufname', 'nombre', 'nombres', 'nome', 'voornaam', 'voornamen', 'roepnaam'], with: ['name', 'names', 'naam'] },
  family_name: { words: ['last', 'lastname', 'surname', 'surnames', 'family', 'familyname', 'nom', 'famille', 'nomdefamille', 'nachname', 'familienname', 'zuname', 'apellido', 'apellidos', 'cognome', 'achternaam', 'familienaam'], with: ['name', 'names', 'naam', 'usage', 'primer', '1'] },
  // A family name at birth: the family name of a row with none of use ("Nom de naissance" beside "Nom d'usage", as French electoral rolls have them).
  birth_name: { words: ['nomnaissance', 'nompatronymique', 'patronyme', 'nomjeunefille', 'birthname', 'birthsurname', 'maidenname', 'familynameatbirth', 'geburtsname', 'madchenname', 'geboortenaam', 'meisjesnaam', 'apellidonacimiento', 'apellidosoltera', 'cognomenascita'], exact: true },
  // The Dutch tussenvoegsel ("van der"), kept apart from the family name; "Prefix" alone is often a title (Mr, Dr), and is not guessed.
  name_particle: { words: ['tussenvoegsel', 'tussenvoegsels', 'voorvoegsel', 'voorvoegsels', 'voorvoegselgeslachtsnaam', 'voorvoegselachternaam', 'nameparticle', 'surnameparticle', 'surnameprefix', 'lastnameprefix', 'familynameprefix'], exact: true },
  full_name: { words: ['name', 'naam', 'fullname', 'nomcomplet', 'nomprenom', 'prenomnom', 'nomsprenoms', 'prenomsnom', 'vollstandigername', 'vornachname', 'vornamenachname', 'nombrecompleto', 'nombreapellidos', 'nomecompleto', 'nomecognome', 'nomeecognome', 'volledigenaam', 'voorachternaam', 'voornaamachternaam'], exact: true },
  email: { words: ['email', 'mail', 'courriel', 'mel', 'correo', 'correoelectronico', 'posta', 'postaelettronica', 'emailaddress', 'adressemail', 'adresseemail', 'adresseelectronique', 'emailadresse', 'mailadresse', 'emailadres', 'mailadres'], with: ['e', 'adresse', 'address', 'adres', 'direccion', 'indirizzo', 'electronique', 'electronico', 'elettronica', 'elektronisch', ...KIND] },
  phone: { words: TELEPHONE, with: ['number', 'fixe', 'fijo', 'fisso', 'domicile', 'maison', 'travail', 'bureau', 'casa', 'ufficio', 'oficina', 'werk', 'thuis', 'geschaftlich', 'dienstlich', ...KIND] },
  street: { words: STREET_WORDS, with: ['line', 'ligne', 'linea', 'regel', 'postal', 'postale', 'name', 'nom', 'nombre', 'nome', 'naam', ...ADDRESS_KIND, ...HOUSE] },
  house_number: { words: ['housenumber', 'hausnummer', 'huisnummer', 'numerocivico'] },
  postcode: { words: ['postcode', 'postalcode', 'zip', 'zipcode', 'codepostal', 'cp', 'plz', 'postleitzahl', 'npa', 'codigopostal', 'cap', 'codicepostale'], with: ['code', 'codigo', 'codice', 'postal', 'postale', ...ADDRESS_KIND] },
  city: { words: ['city', 'town', 'ville', 'commune', 'localite', 'stadt', 'ort', 'ortschaft', 'wohnort', 'gemeinde', 'ciudad', 'localidad', 'municipio', 'poblacion', 'citta', 'comune', 'localita', 'plaats', 'woonplaats', 'stad', 'gemeente'], with: ['name', 'nom', 'nombre', 'nome', 'naam', 'residence', 'domicile', ...ADDRESS_KIND] },
  country: { words: ['country', 'pays', 'land', 'pais', 'paese', 'nazione'], with: ['code', 'iso', 'name', 'nom', ...ADDRESS_KIND] },
  birth_year: { words: ['birth', 'birthyear', 'birthdate', 'birthday', 'born', 'dob', 'naissance', 'ddn', 'geburtsjahr', 'geburtsdatum', 'geburtstag', 'geboren', 'jahrgang', 'nacimiento', 'nascita', 'geboortejaar', 'geboortedatum', 'yearofbirth', 'dateofbirth', 'datedenaissance', 'anneedenaissance', 'fechadenacimiento', 'anodenacimiento', 'datadinascita', 'annodinascita'], with: ['date', 'year', 'day', 'annee', 'jahr', 'datum', 'fecha', 'ano', 'anno', 'data', 'jaar'] },
  gender: { words: ['gender', 'sex', 'genre', 'sexe', 'geschlecht', 'sexo', 'genero', 'sesso', 'genere', 'geslacht'] },
  language: { words: ['language', 'lang', 'langue', 'sprache', 'idioma', 'lingua', 'taal'], with: ['preferred', 'preferee', 'bevorzugte', 'preferido', 'preferita', 'voorkeur'] },
  tags: { words: ['tags', 'tag', 'labels', 'etiquettes', 'etiquette', 'schlagworte', 'schlagworter', 'etiquetas', 'etichette'], with: ['list', 'liste'] },
  support: { words: ['support', 'supportlevel', 'soutien', 'unterstutzung', 'apoyo', 'sostegno', 'steun'], with: ['level', 'niveau', 'grad', 'stufe', 'nivel', 'livello'] },
  volunteer: { words: ['volunteer', 'benevole', 'militant', 'freiwillig', 'freiwilliger', 'ehrenamtlich', 'voluntario', 'volontario', 'vrijwilliger'] },
  area: { words: ['area', 'pollingstation', 'bureau', 'bureaudevote', 'bv', 'codebv', 'district', 'ward', 'precinct', 'circonscription', 'wahlbezirk', 'stimmbezirk', 'wahllokal', 'seccion', 'sezione', 'stembureau'], with: ['vote', 'code', 'electoral', 'elettorale', 'polling', 'station', 'name', 'nom'] },
  // A notice and its version, both named: "Privacy notice" or "Datenschutzerklärung" alone may be the box ticked to accept it, and "Version" alone a form's.
  notice_version: {
    words: [
      'noticeversion', 'versionnotice', 'privacynoticeversion', 'versionprivacynotice', 'privacypolicyversion', 'versionprivacypolicy',
      'versionnoticeinformation', 'versionpolitiqueconfidentialite', 'politiqueconfidentialiteversion',
      'versiondatenschutzerklarung', 'datenschutzerklarungversion', 'versiondatenschutzhinweis', 'versiondatenschutzhinweise', 'datenschutzhinweisversion', 'datenschutzhinweiseversion',
      'versionavisoprivacidad', 'avisoprivacidadversion', 'versionpoliticaprivacidad', 'politicaprivacidadversion',
      'versioneinformativa', 'versionedellinformativa', 'versioneinformativaprivacy', 'informativaprivacyversione',
      'versieprivacyverklaring', 'privacyverklaringversie',
    ],
    exact: true,
  },
};

const TARGETS = Object.keys(VOCABULARY) as Guessed[];
const SETS = new Map(TARGETS.map((t) => [t, { words: new Set(VOCABULARY[t].words), with: new Set(VOCABULARY[t].with ?? []), exact: VOCABULARY[t].exact ?? false }]));

const NUMBER_WORDS = new Set(['no', 'nr', 'n', 'num', 'numero', 'nummer', 'number', 'numer', 'nro']);
const AND_WORDS = new Set(['and', 'et', 'und', 'y', 'en']);
const SMALL_WORDS = new Set(['is', 'at', 'de', 'du', 'des', 'd', 'la', 'le', 'l', 'les', 'of', 'the', 'your', 'votre', 'vos', 'di', 'del', 'della', 'dello', 'dei', 'da', 'van', 'het', 'der', 'die', 'das', 'dem', 'den', 'von', 'vom', 'el', 'los', 'las', 'su', 'il', 'lo', 'a', 'au', 'aux']);
// German and Dutch write "number" into the word: Telefonnummer, Hausnr., huisnummer.
const NUMBER_SUFFIX = /^([a-z]{3,}?)(nummer|nr)$/;

/** A header as the words it is guessed from: "N° de téléphone" → [num, telephone], "E-Mail-Adresse" → [e, mail, adresse]. */
export function headerWords(header: string): string[] {
  const spaced = header
    .replace(/[°º]/g, 'o')
    .replace(/[&+/#]/g, (c) => (c === '#' ? ' no ' : ' and '))
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
  const out: string[] = [];
  for (const word of foldText(spaced.normalize('NFKC')).split(/[^\p{L}\p{N}]+/u)) {
    if (word === '' || SMALL_WORDS.has(word)) continue;
    const compound = NUMBER_SUFFIX.exec(word);
    if (NUMBER_WORDS.has(word)) out.push('num');
    else if (AND_WORDS.has(word)) out.push('and');
    else if (compound) out.push(compound[1]!, 'num');
    else out.push(word);
  }
  // "N° no." or "Nr. #": one number.
  return out.filter((w, i) => w !== 'num' || out[i - 1] !== 'num');
}

/** What a header's words say: a target, a bare number (`Nr.`, `N°`: a house number beside a street), or nothing. */
export type HeaderGuess = Guessed | 'number' | null;

export function guessHeader(words: readonly string[]): HeaderGuess {
  return words.includes('num') ? numbered(words) : byWords(words.filter((w) => w !== 'and'));
}

/** The one target `words` fit: the whole header run together, else a word of the target with only words that may stand beside it. */
function byWords(words: readonly string[]): Guessed | null {
  if (words.length === 0) return null;
  const joined = words.join('');
  const exact = TARGETS.filter((t) => SETS.get(t)!.words.has(joined));
  if (exact.length > 0) return exact.length === 1 ? exact[0]! : null;
  const fits = TARGETS.filter((t) => {
    const v = SETS.get(t)!;
    return !v.exact && words.some((w) => v.words.has(w)) && words.every((w) => v.words.has(w) || v.with.has(w));
  });
  return fits.length === 1 ? fits[0]! : null;
}

/**
 * A header with a number in it: a phone's ("N° de téléphone", "Telefonnummer"), a polling
 * station's ("N° BV"), a house number ("Hausnummer", "n° de rue", "numero civico": the number
 * first, or after a house word), or a street with its number ("Straße Nr.", "n° et rue"). A
 * member's or a client's number is none of these, and is not guessed.
 */
function numbered(words: readonly string[]): HeaderGuess {
  const rest = words.filter((w) => w !== 'num' && w !== 'and');
  if (rest.length === 0) return 'number';
  const target = byWords(rest);
  if (target === 'phone' || target === 'area') return target;
  if (rest.every((w) => HOUSE.includes(w))) return 'house_number';
  if (target !== 'street') return null;
  return words[0] === 'num' && !words.includes('and') ? 'house_number' : 'street';
}

const ADDRESS_PARTS = new Set<HeaderGuess>(['street', 'house_number', 'postcode', 'city', 'country']);

/**
 * Where a file has several addresses a person (NationBuilder: primary_, home_, mailing_, billing_
 * columns), the address columns of one kind only: the primary one, else the kind met first. The
 * others are not guessed, so that a street of one address never goes with the city of another.
 */
function oneAddressKind(words: readonly string[][], guesses: HeaderGuess[]): HeaderGuess[] {
  const kinds = words.map((w, i) => (ADDRESS_PARTS.has(guesses[i]!) ? (w.find((x) => ADDRESS_KIND.includes(x)) ?? null) : null));
  const met = [...new Set(kinds.filter((k) => k !== null))];
  if (met.length < 2) return guesses;
  const kept = met.includes('primary') ? 'primary' : met[0];
  return guesses.map((g, i) => (kinds[i] !== null && kinds[i] !== kept ? null : g));
}

/** Full-name headers that are the family name beside a given-name column ("Vorname; Name", "Voornaam; Naam"). */
const PLAIN_NAME = new Set(['name', 'naam']);

/**
 * Each column's guessed target, or null, with what the other columns tell: a bare number (`Nr.`,
 * `N°`) right beside the street is its house number, and `Name` beside a given name (and no family
 * name) is the family name; alone it is the full name, and beside both it is not guessed.
 */
export function guessTargets(header: readonly string[]): (Guessed | null)[] {
  const words = header.map(headerWords);
  const guesses = oneAddressKind(words, words.map(guessHeader));
  const has = (t: Guessed): boolean => guesses.includes(t);
  return guesses.map((g, i) => {
    if (g === 'number') return guesses[i - 1] === 'street' || guesses[i + 1] === 'street' ? 'house_number' : null;
    if (g === 'full_name' && PLAIN_NAME.has(words[i]!.join(''))) {
      if (has('given_name')) return has('family_name') ? null : 'family_name';
    }
    return g;
  });
}
