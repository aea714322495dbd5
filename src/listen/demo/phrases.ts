/**
 * Phrases for the synthetic demo corpus: an EU membership referendum, discussed in six languages.
 * Written for the demo; no real post is quoted. `{t}` is replaced by a topic phrase.
 */
export type DemoStance = 'strong_leave' | 'weak_leave' | 'neutral' | 'weak_remain' | 'strong_remain';
export type DemoTopic = 'economy' | 'immigration' | 'health' | 'sovereignty' | 'trade' | 'security';
export type DemoLang = 'en' | 'fr' | 'de' | 'es' | 'it' | 'nl';

export interface LanguagePhrases {
  readonly stance: Readonly<Record<DemoStance, readonly string[]>>;
  readonly topics: Readonly<Record<DemoTopic, readonly string[]>>;
  readonly questions: readonly string[];
}

export const HASHTAGS: Readonly<Record<'leave' | 'remain' | 'neutral', readonly string[]>> = {
  leave: ['#VoteLeave', '#LeaveEU', '#TakeControl', '#Brexit', '#BeLeave'],
  remain: ['#StrongerIn', '#VoteRemain', '#Remain', '#IntoEurope', '#BetterTogether'],
  neutral: ['#EURef', '#Brexit', '#EUreferendum'],
};

export const CAMPAIGN_HANDLES = { leave: ['vote_leave', 'LeaveEUOfficial'], remain: ['StrongerIn', 'RemainCampaign'] } as const;

export const EMOJI: Readonly<Record<'leave' | 'remain' | 'neutral', readonly string[]>> = {
  leave: ['🇬🇧', '💪', '👍', '🔥'],
  remain: ['🇪🇺', '❤️', '🤝', '🙏'],
  neutral: ['🤔', '📊', '🗳️'],
};

const en: LanguagePhrases = {
  stance: {
    strong_leave: [
      'Take back control! Vote Leave on Thursday, {t}',
      'We must leave the EU. {t} and Brussels will never fix it',
      'Absolutely voting LEAVE. Enough is enough, {t}',
      'Out means out. Independence day is coming, {t}',
    ],
    weak_leave: [
      'Leaning towards leave I think, {t}',
      'Not fully convinced but probably voting out, {t}',
      'The remain side has not persuaded me, {t}',
    ],
    neutral: [
      'Polls open at 7am tomorrow, {t}',
      'Watching the referendum debate tonight, {t}',
      'Interesting piece on how the count works, {t}',
      'Still undecided, {t}',
    ],
    weak_remain: [
      'On balance I think we are better off in, {t}',
      'Probably voting remain, {t}',
      'Leaving feels like a big risk, {t}',
    ],
    strong_remain: [
      'Proud to vote Remain! We are stronger in Europe, {t}',
      'Please vote REMAIN on Thursday, {t}',
      'Leaving would be a disaster, {t}',
      'Stronger, safer and better off in, {t}',
    ],
  },
  topics: {
    economy: ['the economy depends on it', 'think of jobs and the pound', 'growth and wages are at stake'],
    immigration: ['immigration has to be controlled', 'free movement matters', 'border control is the issue'],
    health: ['the NHS needs the money', 'our NHS deserves better', '£350m a week for the NHS?'],
    sovereignty: ['our laws should be made here', 'democracy and sovereignty matter', 'Parliament should decide'],
    trade: ['the single market is key', 'trade deals with the world', 'exports to Europe matter'],
    security: ['security cooperation keeps us safe', 'Europol and shared intelligence', 'safer together or alone?'],
  },
  questions: [
    'What happens to the NHS if we leave?',
    'Will prices go up after the referendum?',
    'Can EU citizens stay after Brexit?',
    'How will trade work outside the single market?',
  ],
};

const fr: LanguagePhrases = {
  stance: {
    strong_leave: ['Les Britanniques ont raison de partir ! {t}', 'Vive le Brexit, reprenons le contrôle, {t}', 'Sortir de l’UE est la seule voie, {t}'],
    weak_leave: ['Je comprends ceux qui veulent partir, {t}', 'Le Brexit n’est peut-être pas une mauvaise idée, {t}'],
    neutral: ['Le référendum britannique a lieu jeudi, {t}', 'Suivez les résultats du vote en direct, {t}', 'Débat sur le Brexit ce soir, {t}'],
    weak_remain: ['J’espère que le Royaume-Uni restera, {t}', 'Partir serait risqué, {t}'],
    strong_remain: ['Restez avec nous ! L’Europe est plus forte unie, {t}', 'Le Brexit serait une catastrophe, {t}', 'Non au Brexit, {t}'],
  },
  topics: {
    economy: ['l’économie en dépend', 'la livre et l’emploi sont en jeu'],
    immigration: ['l’immigration est au cœur du débat', 'la libre circulation compte'],
    health: ['le NHS a besoin de moyens', 'la santé publique est en jeu'],
    sovereignty: ['la souveraineté nationale compte', 'les lois doivent être votées chez soi'],
    trade: ['le marché unique est essentiel', 'les échanges commerciaux comptent'],
    security: ['la sécurité commune nous protège', 'la coopération policière compte'],
  },
  questions: ['Que se passera-t-il pour les Français à Londres ?', 'Le Brexit va-t-il faire baisser la livre ?'],
};

const de: LanguagePhrases = {
  stance: {
    strong_leave: ['Großbritannien muss raus aus der EU! {t}', 'Der Brexit ist richtig, {t}', 'Endlich raus aus Brüssel, {t}'],
    weak_leave: ['Ich verstehe die Brexit-Befürworter, {t}', 'Vielleicht ist der Austritt besser, {t}'],
    neutral: ['Am Donnerstag stimmen die Briten ab, {t}', 'Die Umfragen sind knapp, {t}', 'Liveblog zum Referendum, {t}'],
    weak_remain: ['Ich hoffe, die Briten bleiben, {t}', 'Ein Austritt wäre riskant, {t}'],
    strong_remain: ['Bitte bleibt in der EU! Gemeinsam sind wir stärker, {t}', 'Der Brexit wäre eine Katastrophe, {t}', 'Nein zum Brexit, {t}'],
  },
  topics: {
    economy: ['die Wirtschaft hängt davon ab', 'Arbeitsplätze stehen auf dem Spiel'],
    immigration: ['Zuwanderung ist das große Thema', 'die Freizügigkeit zählt'],
    health: ['das Gesundheitssystem braucht Geld', 'der NHS ist überlastet'],
    sovereignty: ['Souveränität ist wichtig', 'Gesetze sollen im eigenen Land gemacht werden'],
    trade: ['der Binnenmarkt ist entscheidend', 'der Handel mit Europa zählt'],
    security: ['gemeinsame Sicherheit schützt uns', 'Europol und Zusammenarbeit'],
  },
  questions: ['Was bedeutet der Brexit für deutsche Exporte?', 'Fällt das Pfund nach dem Referendum?'],
};

const es: LanguagePhrases = {
  stance: {
    strong_leave: ['¡Los británicos deben salir de la UE! {t}', 'El Brexit es la mejor opción, {t}', 'Fuera de Bruselas ya, {t}'],
    weak_leave: ['Entiendo a los que quieren salir, {t}', 'Quizás salir no sea tan malo, {t}'],
    neutral: ['El jueves se vota el referéndum británico, {t}', 'Las encuestas están muy igualadas, {t}', 'Sigue el recuento en directo, {t}'],
    weak_remain: ['Espero que el Reino Unido se quede, {t}', 'Salir sería un riesgo, {t}'],
    strong_remain: ['¡Quedaos en Europa! Juntos somos más fuertes, {t}', 'El Brexit sería un desastre, {t}', 'No al Brexit, {t}'],
  },
  topics: {
    economy: ['la economía depende de ello', 'el empleo y la libra están en juego'],
    immigration: ['la inmigración es el tema central', 'la libre circulación importa'],
    health: ['la sanidad pública necesita fondos', 'el NHS está en juego'],
    sovereignty: ['la soberanía nacional importa', 'las leyes deben hacerse en casa'],
    trade: ['el mercado único es clave', 'el comercio con Europa importa'],
    security: ['la seguridad común nos protege', 'la cooperación policial importa'],
  },
  questions: ['¿Qué pasará con los españoles en Londres?', '¿Bajará la libra tras el referéndum?'],
};

const it: LanguagePhrases = {
  stance: {
    strong_leave: ['I britannici devono uscire dall’UE! {t}', 'Viva la Brexit, riprendiamo il controllo, {t}', 'Fuori da Bruxelles, {t}'],
    weak_leave: ['Capisco chi vuole uscire, {t}', 'Forse uscire non è sbagliato, {t}'],
    neutral: ['Giovedì si vota il referendum britannico, {t}', 'I sondaggi sono in bilico, {t}', 'Diretta sul voto, {t}'],
    weak_remain: ['Spero che il Regno Unito resti, {t}', 'Uscire sarebbe rischioso, {t}'],
    strong_remain: ['Restate in Europa! Insieme siamo più forti, {t}', 'La Brexit sarebbe un disastro, {t}', 'No alla Brexit, {t}'],
  },
  topics: {
    economy: ['l’economia dipende da questo', 'posti di lavoro e sterlina in gioco'],
    immigration: ['l’immigrazione è il tema centrale', 'la libera circolazione conta'],
    health: ['la sanità pubblica ha bisogno di fondi', 'il NHS è in gioco'],
    sovereignty: ['la sovranità nazionale conta', 'le leggi si fanno in casa'],
    trade: ['il mercato unico è fondamentale', 'il commercio con l’Europa conta'],
    security: ['la sicurezza comune ci protegge', 'la cooperazione di polizia conta'],
  },
  questions: ['Cosa succederà agli italiani a Londra?', 'La sterlina crollerà dopo il referendum?'],
};

const nl: LanguagePhrases = {
  stance: {
    strong_leave: ['De Britten moeten de EU verlaten! {t}', 'Brexit is de juiste keuze, {t}', 'Weg uit Brussel, {t}'],
    weak_leave: ['Ik begrijp de voorstanders van vertrek, {t}', 'Misschien is vertrekken beter, {t}'],
    neutral: ['Donderdag stemmen de Britten, {t}', 'De peilingen zijn nek aan nek, {t}', 'Live de uitslagen volgen, {t}'],
    weak_remain: ['Ik hoop dat de Britten blijven, {t}', 'Vertrekken lijkt me riskant, {t}'],
    strong_remain: ['Blijf in Europa! Samen zijn we sterker, {t}', 'Een Brexit zou een ramp zijn, {t}', 'Nee tegen de Brexit, {t}'],
  },
  topics: {
    economy: ['de economie hangt ervan af', 'banen en het pond staan op het spel'],
    immigration: ['immigratie is het grote thema', 'vrij verkeer telt'],
    health: ['de zorg heeft geld nodig', 'de NHS staat op het spel'],
    sovereignty: ['soevereiniteit is belangrijk', 'wetten moeten thuis gemaakt worden'],
    trade: ['de interne markt is cruciaal', 'handel met Europa telt'],
    security: ['gezamenlijke veiligheid beschermt ons', 'samenwerking tussen politiediensten telt'],
  },
  questions: ['Wat betekent de Brexit voor de Nederlandse export?', 'Daalt het pond na het referendum?'],
};

export const PHRASES: Readonly<Record<DemoLang, LanguagePhrases>> = { en, fr, de, es, it, nl };
