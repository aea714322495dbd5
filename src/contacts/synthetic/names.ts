/**
 * French given and family names for synthetic contacts, with their accents, apostrophes, hyphens
 * and particles as people write them: the cases an import's matching has to cope with. Family names
 * come in three pools so that Finistère looks Breton and Hérault looks Occitan and Mediterranean.
 */

const split = (names: string): readonly string[] => names.split('|');

export const FEMALE_NAMES = split(
  'Marie|Jeanne|Françoise|Monique|Catherine|Nathalie|Isabelle|Sylvie|Christine|Martine|Nicole|Sophie|Valérie|Sandrine|' +
    'Stéphanie|Céline|Julie|Aurélie|Émilie|Camille|Léa|Manon|Chloé|Emma|Inès|Jade|Louise|Alice|Lina|Zoé|Anaïs|Hélène|' +
    'Élodie|Mélanie|Laetitia|Véronique|Brigitte|Danielle|Josiane|Chantal|Annie|Odile|Geneviève|Thérèse|Mireille|Agnès|' +
    'Béatrice|Claire|Pauline|Margaux|Océane|Clémence|Lucie|Justine|Charlotte|Sarah|Laura|Amandine|Audrey|Caroline|' +
    'Virginie|Karine|Corinne|Patricia|Florence|Laurence|Pascale|Agathe|Noémie|Maëlys|Nolwenn|Gwenaëlle|Soizic|Katell|' +
    'Rozenn|Maïwenn|Morgane|Solène|Léonie|Rose|Anna|Ambre|Juliette|Lola|Mathilde|Éloïse|Romane|Yasmine|Fatima|Leïla|' +
    'Nadia|Samira|Aïcha|Carmen|Josette|Simone|Yvette|Colette|Paulette|Bernadette|Renée|Andrée|Élise|Cécile|Estelle|' +
    'Coralie|Ophélie|Anne-Sophie|Marie-Claire',
);

export const MALE_NAMES = split(
  'Jean|Pierre|Michel|André|Philippe|Alain|Bernard|Jacques|Daniel|Patrick|Christian|Nicolas|Thierry|Laurent|Stéphane|' +
    'Frédéric|Éric|Olivier|Christophe|David|Sébastien|Julien|Thomas|Alexandre|Maxime|Antoine|Hugo|Lucas|Louis|Gabriel|' +
    'Raphaël|Léo|Arthur|Jules|Nathan|Enzo|Théo|Noah|Mathis|Clément|Romain|Guillaume|Vincent|François|Jérôme|Cédric|' +
    'Fabrice|Grégory|Hervé|Didier|Gérard|Yves|René|Marcel|Roger|Robert|Georges|Henri|Claude|Serge|Gilles|Dominique|' +
    'Pascal|Joël|Lionel|Benoît|Damien|Jérémy|Kévin|Anthony|Mickaël|Loïc|Yann|Erwan|Gwenaël|Ronan|Tanguy|Goulven|' +
    'Corentin|Gwendal|Mathéo|Timothée|Baptiste|Adrien|Florian|Quentin|Aurélien|Mehdi|Karim|Youssef|Mohamed|Rachid|José|' +
    'Manuel|Antonio|Jean-Pierre|Jean-Marc|Jean-Luc|Jean-François|Marc-Antoine|Noël|Gaël|Joseph|Paul|Émile|Léon',
);

/** Family names found all over France. */
export const COMMON_FAMILY_NAMES = split(
  'Martin|Bernard|Thomas|Petit|Robert|Richard|Durand|Dubois|Moreau|Laurent|Simon|Michel|Lefebvre|Leroy|Roux|David|' +
    'Bertrand|Morel|Fournier|Girard|Bonnet|Dupont|Lambert|Fontaine|Rousseau|Vincent|Muller|Lefèvre|Faure|André|Mercier|' +
    'Blanc|Guérin|Boyer|Garnier|Chevalier|François|Legrand|Gauthier|Garcia|Perrin|Robin|Clément|Morin|Nicolas|Henry|' +
    'Roussel|Mathieu|Gautier|Masson|Marchand|Duval|Denis|Dumont|Marie|Lemaire|Noël|Meyer|Dufour|Meunier|Brun|Blanchard|' +
    'Giraud|Joly|Rivière|Lucas|Brunet|Gaillard|Barbier|Arnaud|Martinez|Gérard|Roche|Renard|Schmitt|Roy|Leroux|Colin|' +
    'Caron|Picard|Roger|Aubert|Lemoine|Renaud|Dumas|Lacroix|Olivier|Philippe|Bourgeois|Pierre|Benoît|Leclerc|Rolland|' +
    'Leclercq|Guillaume|Lecomte|Lopez|Jean|Dupuy|Guillot|Hubert|Berger|Carpentier|Dupuis|Moulin|Louis|Deschamps|Huet|' +
    'Vasseur|Perez|Boucher|Fleury|Royer|Klein|Jacquet|Adam|Paris|Poirier|Aubry|Guyot|Carré|Charles|Renault|Charpentier|' +
    'Ménard|Maillard|Baron|Bertin|Bailly|Hervé|Schneider|Fernandez|Collet|Léger|Bouvier|Julien|Prévost|Millet|Perrot|' +
    'Daniel|Cousin|Germain|Breton|Besson|Langlois|Rémy|Pelletier|Lévêque|Perrier|Leblanc|Barré|Lebrun|Marchal|Weber|' +
    'Mallet|Hamon|Boulanger|Jacob|Monnier|Michaud|Rodriguez|Guichard|Gillet|Étienne|Poulain|Tessier|Chevallier|Collin|' +
    'Chauvin|Da Silva|Bouchet|Gay|Lemaître|Bénard|Maréchal|Humbert|Perret|Barthélemy|Cordier|Pichon|Lejeune|Gilbert|' +
    'Lamy|Delaunay|Pasquier|Carlier|Laporte|De Oliveira|Dos Santos|N\'Diaye|Nguyen|Diallo|Traoré|Benali|Haddad|Mansour|' +
    'Bouaziz|Cohen|Lévy|Dubreuil|Jourdan|Marchetti|Rossi|Bruno|Duhamel|Fabien|Texier|Vallée|Besnard',
);

export const BRETON_FAMILY_NAMES = split(
  'Le Gall|Le Goff|Le Roux|Le Bihan|Le Floch|Le Corre|Le Guen|Le Bras|Quéré|Kerbrat|Guillou|Tanguy|Le Meur|Le Moal|' +
    'Le Berre|Caradec|Le Hir|Le Duff|Jézéquel|Cadiou|Le Fur|Riou|Morvan|L\'Hostis|Le Saout|Abgrall|Le Gac|Kervella|' +
    'Le Pape|Gourvennec|Bizien|Le Borgne|Créac\'h|Le Bourhis|Salaün|Calvez|Cloarec|Kerléo|Le Coz|Madec|Pennec|Le Page|' +
    'Quintin|Le Lay|Guéguen|Le Goïc|Hascoët|Kerhervé|Le Brun|Floc\'h',
);

export const SOUTHERN_FAMILY_NAMES = split(
  'Fabre|Vidal|Rouquette|Granier|Bousquet|Cabanis|Bonnafous|Castan|Combes|Pujol|Salles|Roques|Arnal|Maurel|Teissier|' +
    'Sabatier|Bouissou|Azéma|Delmas|Gleizes|Jullian|Cros|Vialla|Puech|Rouvière|Soulier|Molinier|Cassan|Pagès|Rey|' +
    'Ferrer|Navarro|Sanchez|Ruiz|Gomez|Marty|Fabregat|Espinasse|Alègre|Bouscarain|Cabrol|Thérond|Valette|Courtès|' +
    'Auriol|Estève|Galtier|Jalabert|Boissière|Mas',
);
