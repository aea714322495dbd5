import { describe, expect, it } from 'vitest';
import { checkTarget, guessMapping } from './mapping';
import { normaliseRecord, planOf } from './normalise-row';

/** What one header alone is guessed as. */
const alone = (header: string): string => guessMapping([header]).columns[header]!;

// One header each, as campaign files write them (en, fr, de, es, it, nl).
const CASES: readonly (readonly [string, string])[] = [
  // Phones, with every way of writing "number".
  ['Numéro de téléphone', 'phone'], ['N° de téléphone', 'phone'], ['Nº téléphone', 'phone'], ['No. de tél.', 'phone'],
  ['Tél. portable', 'phone'], ['Téléphone fixe', 'phone'], ['Téléphone domicile', 'phone'], ['GSM', 'phone'], ['Portable', 'phone'],
  ['Handy', 'phone'], ['Mobil', 'phone'], ['Telefonnummer', 'phone'], ['Tel.-Nr.', 'phone'], ['Handynummer', 'phone'], ['Festnetz', 'phone'],
  ['Phone number', 'phone'], ['Mobile Phone', 'phone'], ['Phone #', 'phone'], ['Work phone', 'phone'], ['phone_2', 'phone'],
  ['Teléfono móvil', 'phone'], ['Número de teléfono', 'phone'], ['Celular', 'phone'], ['Cellulare', 'phone'], ['Numero di telefono', 'phone'],
  ['Telefoonnummer', 'phone'], ['Mobiel nummer', 'phone'], ['TELEPHONE', 'phone'],
  // E-mails.
  ['Courriel', 'email'], ['Adresse e-mail', 'email'], ['Adresse électronique', 'email'], ['Mél', 'email'], ['E-Mail-Adresse', 'email'],
  ['E-Mail', 'email'], ['eMail', 'email'], ['Email address', 'email'], ['E-mail 2', 'email'], ['Correo electrónico', 'email'],
  ['Dirección de correo electrónico', 'email'], ['Indirizzo email', 'email'], ['Posta elettronica', 'email'], ['E-mailadres', 'email'],
  // Names.
  ['Prénom', 'given_name'], ['Vorname', 'given_name'], ['First Name', 'given_name'], ['firstName', 'given_name'], ['Nombre', 'given_name'],
  ['Nome', 'given_name'], ['Voornaam', 'given_name'], ['Nom', 'family_name'], ['NOM DE FAMILLE', 'family_name'], ['NomDeFamille', 'family_name'],
  ["Nom d'usage", 'family_name'], ['Nachname', 'family_name'], ['Familienname', 'family_name'], ['Last name', 'family_name'],
  ['Apellidos', 'family_name'], ['Primer apellido', 'family_name'], ['Cognome', 'family_name'], ['Achternaam', 'family_name'],
  // NationBuilder's export: one set of columns per address (primary_, home_, mailing_, …), is_ and _at columns.
  ['primary_address1', 'street'], ['primary_city', 'city'], ['primary_zip', 'postcode'], ['primary_country_code', 'country'], ['mailing_city', 'city'],
  ['home_address1', 'street'], ['tag_list', 'tags'], ['is_volunteer', 'volunteer'], ['born_at', 'birth_year'], ['precinct_name', 'area'], ['primary_email', 'email'],
  ['Nom de naissance', 'birth_name'], ['NOM DE NAISSANCE', 'birth_name'], ['Nom patronymique', 'birth_name'], ['Nom de jeune fille', 'birth_name'], ['Geburtsname', 'birth_name'],
  ['Mädchenname', 'birth_name'], ['Maiden name', 'birth_name'], ['Birth name', 'birth_name'], ['Geboortenaam', 'birth_name'],
  ['Tussenvoegsel', 'name_particle'], ['Tussenvoegsels', 'name_particle'], ['Voorvoegsel', 'name_particle'], ['Voorvoegsel geslachtsnaam', 'name_particle'], ['Surname prefix', 'name_particle'],
  ['Name', 'full_name'], ['Nom complet', 'full_name'], ['Nom et prénom', 'full_name'], ['Prénom Nom', 'full_name'], ['Vor- und Nachname', 'full_name'],
  ['Vollständiger Name', 'full_name'], ['Nombre y apellidos', 'full_name'], ['Nome e cognome', 'full_name'], ['Voor- en achternaam', 'full_name'], ['Naam', 'full_name'],
  // Addresses.
  ['Straße', 'street'], ['Strasse', 'street'], ['STRASSE', 'street'], ['Str.', 'street'], ['Anschrift', 'street'], ['Adresse', 'street'],
  ['Adresse 1', 'street'], ['Address line 1', 'street'], ['Nom de la voie', 'street'], ['Rue', 'street'], ['Calle', 'street'], ['Dirección', 'street'],
  ['Indirizzo', 'street'], ['Straatnaam', 'street'], ['Straße und Hausnummer', 'street'], ['Straße/Nr.', 'street'], ['Straße Nr.', 'street'], ['N° et rue', 'street'],
  ['Hausnummer', 'house_number'], ['Hausnr.', 'house_number'], ['House number', 'house_number'], ['N° de rue', 'house_number'],
  ['Numéro de voie', 'house_number'], ['Número de calle', 'house_number'], ['Numero civico', 'house_number'], ['Huisnummer', 'house_number'],
  ['PLZ', 'postcode'], ['Postleitzahl', 'postcode'], ['Code postal', 'postcode'], ['CP', 'postcode'], ['C.P.', 'postcode'], ['Zip/Postal code', 'postcode'],
  ['ZIPCode', 'postcode'], ['Código postal', 'postcode'], ['CAP', 'postcode'], ['Codice postale', 'postcode'], ['Postcode', 'postcode'],
  ['Ort', 'city'], ['Wohnort', 'city'], ['Ville', 'city'], ['Commune', 'city'], ['Localité', 'city'], ['Ciudad', 'city'], ['Localidad', 'city'],
  ['Città', 'city'], ['Comune', 'city'], ['Woonplaats', 'city'], ['Plaats', 'city'],
  ['Pays', 'country'], ['Land', 'country'], ['País', 'country'], ['Paese', 'country'], ['Country code', 'country'],
  // The rest.
  ['Date de naissance', 'birth_year'], ['Année de naissance', 'birth_year'], ['Geburtsdatum', 'birth_year'], ['Geburtsjahr', 'birth_year'],
  ['Date of birth', 'birth_year'], ['DOB', 'birth_year'], ['Fecha de nacimiento', 'birth_year'], ['Año de nacimiento', 'birth_year'],
  ['Data di nascita', 'birth_year'], ['Geboortedatum', 'birth_year'], ['date_de_naissance', 'birth_year'], ['datedenaissance', 'birth_year'], ['nomdefamille', 'family_name'],
  ['Sexe', 'gender'], ['Geschlecht', 'gender'], ['Sexo', 'gender'], ['Geslacht', 'gender'], ['Langue', 'language'], ['Sprache', 'language'],
  ['Étiquettes', 'tags'], ['Niveau de soutien', 'support'], ['Unterstützung', 'support'], ['Bénévole', 'volunteer'], ['Freiwilliger', 'volunteer'],
  ['Bureau de vote', 'area'], ['N° BV', 'area'], ['Code BV', 'area'], ['Wahlbezirk', 'area'], ['Stembureau', 'area'],
  ['notice_version', 'notice_version'], ['Notice version', 'notice_version'], ['Privacy notice version', 'notice_version'], ['Version of the privacy notice', 'notice_version'],
  ['Version de la notice', 'notice_version'], ['Version de la politique de confidentialité', 'notice_version'], ['Version der Datenschutzerklärung', 'notice_version'],
  ['Datenschutzhinweise Version', 'notice_version'], ['Versión del aviso de privacidad', 'notice_version'], ["Versione dell'informativa", 'notice_version'], ['Versie van de privacyverklaring', 'notice_version'],
  // Not guessed: ambiguous, another number, or another thing altogether.
  ['Numéro', 'ignore'], ['Nr.', 'ignore'], ['N°', 'ignore'], ['#', 'ignore'], ['N° adhérent', 'ignore'], ['Numéro client', 'ignore'],
  ['Fax', 'ignore'], ['Tél/Fax', 'ignore'], ['PLZ/Ort', 'ignore'], ['Adresse 2', 'ignore'], ['Complément d’adresse', 'ignore'],
  ['Nombre de usuario', 'ignore'], ['Code commune', 'ignore'], ['E', 'ignore'], ['Date', 'ignore'], ['', 'ignore'],
  // A notice without its version may be the box ticked to accept it; a version without the notice, a form's.
  ['Prefix', 'ignore'], ['Name prefix', 'ignore'], ['Privacy notice', 'ignore'], ['Notice', 'ignore'], ['Version', 'ignore'], ['Datenschutzerklärung', 'ignore'], ['Politique de confidentialité', 'ignore'], ['Form version', 'ignore'],
];

describe('guessing a column from its header', () => {
  it.each(CASES)('%j → %s', (header, target) => {
    expect(alone(header)).toBe(target);
  });

  it('reads a bare number (Nr., N°) beside the street as its house number, and nowhere else', () => {
    expect(guessMapping(['Straße', 'Nr.', 'PLZ', 'Ort']).columns).toEqual({ Straße: 'street', 'Nr.': 'house_number', PLZ: 'postcode', Ort: 'city' });
    expect(guessMapping(['N°', 'Voie', 'Code postal', 'Ville']).columns).toMatchObject({ 'N°': 'house_number', Voie: 'street' });
    expect(guessMapping(['N°', 'Nom', 'Prénom', 'Rue']).columns).toMatchObject({ 'N°': 'ignore', Nom: 'family_name', Prénom: 'given_name', Rue: 'street' });
  });

  it('takes Name beside a given name for the family name, alone for the full name, and beside both for neither', () => {
    expect(guessMapping(['Vorname', 'Name', 'E-Mail']).columns).toEqual({ Vorname: 'given_name', Name: 'family_name', 'E-Mail': 'email' });
    expect(guessMapping(['Voornaam', 'Naam']).columns).toEqual({ Voornaam: 'given_name', Naam: 'family_name' });
    expect(guessMapping(['Name', 'E-Mail']).columns).toEqual({ Name: 'full_name', 'E-Mail': 'email' });
    expect(guessMapping(['Vorname', 'Nachname', 'Name']).columns).toEqual({ Vorname: 'given_name', Nachname: 'family_name', Name: 'ignore' });
    // French: Nom alone is the family name.
    expect(guessMapping(['Nom', 'Courriel']).columns).toEqual({ Nom: 'family_name', Courriel: 'email' });
  });

  it('keeps one column per target, but for e-mails and phones', () => {
    expect(guessMapping(['Portable', 'Téléphone fixe', 'Courriel', 'E-mail pro', 'Ville', 'Commune']).columns).toEqual({
      Portable: 'phone', 'Téléphone fixe': 'phone', Courriel: 'email', 'E-mail pro': 'email', Ville: 'city', Commune: 'ignore',
    });
  });

  it("takes a French electoral roll's name at birth for the family name of a row without a name of use, and only then", () => {
    const header = ['Bureau de vote', 'Nom de naissance', "Nom d'usage", 'Prénoms', 'Sexe', 'Date de naissance', 'Commune de naissance', 'Adresse', 'Code postal', 'Commune'];
    const mapping = guessMapping(header, 'FR');
    expect(mapping.columns).toMatchObject({ 'Bureau de vote': 'area', 'Nom de naissance': 'birth_name', "Nom d'usage": 'family_name', Prénoms: 'given_name', 'Date de naissance': 'birth_year', 'Commune de naissance': 'ignore', Commune: 'city' });
    const plan = planOf(mapping, header, true);
    const names = (values: string[]): [string | null, string | null] | undefined => {
      const r = normaliseRecord(values, 2, plan, Date.parse('2026-05-01'));
      return r.ok ? [r.row.given, r.row.family] : undefined;
    };
    const row = (birth: string, use: string) => ['0001', birth, use, 'Sophie', 'F', '01/07/1990', 'LYON', '3 avenue de Choisy', '75013', 'Paris'];
    expect(names(row('DURAND', ''))).toEqual(['Sophie', 'Durand']);
    expect(names(row('DURAND', 'MARTIN'))).toEqual(['Sophie', 'Martin']);
    expect(names(row('', ''))).toEqual(['Sophie', null]);
  });

  it("takes one kind of address when a file has several (NationBuilder's primary_, billing_, mailing_ …): the primary one, else the first", () => {
    const header = ['email', 'billing_address1', 'billing_city', 'billing_zip', 'primary_address1', 'primary_city', 'primary_zip', 'primary_country_code', 'city'];
    expect(guessMapping(header).columns).toEqual({ email: 'email', billing_address1: 'ignore', billing_city: 'ignore', billing_zip: 'ignore', primary_address1: 'street', primary_city: 'city', primary_zip: 'postcode', primary_country_code: 'country', city: 'ignore' });
    expect(guessMapping(['email', 'home_address1', 'home_city', 'mailing_address1', 'mailing_city']).columns).toEqual({ email: 'email', home_address1: 'street', home_city: 'city', mailing_address1: 'ignore', mailing_city: 'ignore' });
    expect(guessMapping(['federal_donotcall']).columns).toEqual({ federal_donotcall: 'object:phone' });
  });

  it('maps the columns that say not to contact a person to objections on their channel', () => {
    const header = ['email', 'do_not_call', 'Do Not Email', 'email_opt_out', 'do_not_sms', 'do_not_mail', 'do_not_contact'];
    expect(guessMapping(header).columns).toEqual({ email: 'email', do_not_call: 'object:phone', 'Do Not Email': 'object:email', email_opt_out: 'ignore', do_not_sms: 'object:sms', do_not_mail: 'object:mail', do_not_contact: 'object:*' });
    expect(() => checkTarget('object:fax', 'x')).toThrow('column x: objection channel (or * for every channel): expected one of email, phone, sms, mail, door, social, found "fax"');
    expect(checkTarget('object:*', 'x')).toBe('object:*');
  });

  it('joins a Dutch tussenvoegsel to the family name, and leaves it out without one', () => {
    const header = ['Voornaam', 'Tussenvoegsel', 'Achternaam', 'E-mailadres'];
    const mapping = guessMapping(header, 'NL');
    expect(mapping.columns).toEqual({ Voornaam: 'given_name', Tussenvoegsel: 'name_particle', Achternaam: 'family_name', 'E-mailadres': 'email' });
    const plan = planOf(mapping, header, true);
    const names = (values: string[]): [string | null, string | null] | undefined => {
      const r = normaliseRecord(values, 2, plan, Date.parse('2026-05-01'));
      return r.ok ? [r.row.given, r.row.family] : undefined;
    };
    expect(names(['Jan', 'van der', 'Berg', 'jan@example.nl'])).toEqual(['Jan', 'van der Berg']);
    expect(names(['ANNA', 'DE', 'VRIES', 'anna@example.nl'])).toEqual(['Anna', 'de Vries']);
    expect(names(['Piet', '', 'Jansen', 'piet@example.nl'])).toEqual(['Piet', 'Jansen']);
    expect(names(['Els', 'van', '', 'els@example.nl'])).toEqual(['Els', null]);
  });

  it('joins a house number to its street, before it or after it as the country writes addresses', () => {
    const header = ['Vorname', 'Straße', 'Hausnummer', 'PLZ', 'Ort', 'Land'];
    const plan = planOf(guessMapping(header, 'DE'), header, true);
    const street = (values: string[]): string | null | undefined => {
      const r = normaliseRecord(values, 2, plan, Date.parse('2026-05-01'));
      return r.ok ? r.row.address?.street : undefined;
    };
    expect(street(['Anna', 'Hauptstraße', '12a', '10115', 'Berlin', 'DE'])).toBe('Hauptstraße 12a');
    expect(street(['Anne', 'rue de la Paix', '12', '75002', 'Paris', 'FR'])).toBe('12 rue de la Paix');
    expect(street(['Anna', 'Hauptstraße', '', '10115', 'Berlin', ''])).toBe('Hauptstraße');
    // A number without a street is no street.
    expect(street(['Anna', '', '12', '10115', 'Berlin', ''])).toBeNull();
  });
});
