/**
 * Negation words and intensity boosters per language. English follows VADER (Hutto & Gilbert
 * 2014); the others are the common equivalents. Boosters add (or take away) intensity to the
 * sentiment word after them; a negation within three words before flips and damps it.
 */
export interface LanguageRules {
  readonly negations: ReadonlySet<string>;
  /** Booster word → +1 (intensifier) or −1 (dampener). */
  readonly boosters: ReadonlyMap<string, 1 | -1>;
  /** The word that turns the weight to what follows ("but"). */
  readonly contrast: ReadonlySet<string>;
}

function rules(negations: string, up: string, down: string, contrast: string): LanguageRules {
  const boosters = new Map<string, 1 | -1>();
  for (const w of up.split(' ')) boosters.set(w, 1);
  for (const w of down.split(' ')) boosters.set(w, -1);
  return { negations: new Set(negations.split(' ')), boosters, contrast: new Set(contrast.split(' ')) };
}

export const RULES: Readonly<Record<string, LanguageRules>> = {
  en: rules(
    "not no never none nobody nothing neither nor nowhere cannot cant can't dont don't doesnt doesn't didnt didn't isnt isn't arent aren't wasnt wasn't werent weren't wont won't wouldnt wouldn't shouldnt shouldn't couldnt couldn't aint ain't hasnt hasn't havent haven't hadnt hadn't mustnt mustn't neednt needn't without rarely seldom despite uh-uh",
    'absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly purely quite really remarkably so substantially thoroughly totally tremendously uber unbelievably unusually utterly very',
    'almost barely hardly just enough kind of kinda kindof kind-of less little marginally occasionally partly scarcely slightly somewhat sort of sorta sortof sort-of',
    'but however yet',
  ),
  fr: rules('ne pas non jamais rien personne aucun aucune ni sans guère', 'très trop vraiment tellement totalement absolument extrêmement complètement super hyper si', 'peu légèrement assez presque plutôt', 'mais cependant pourtant toutefois'),
  de: rules('nicht kein keine keinen keinem keiner nie niemals nichts niemand ohne weder', 'sehr zu wirklich total absolut extrem völlig echt so besonders super', 'wenig etwas kaum ziemlich fast', 'aber jedoch doch allerdings'),
  es: rules('no nunca jamás nada nadie ningún ninguna ninguno ni sin tampoco', 'muy demasiado realmente totalmente absolutamente extremadamente completamente súper tan tremendamente', 'poco algo apenas casi bastante', 'pero sin embargo aunque'),
  it: rules('non mai niente nulla nessuno nessuna nessun né senza neanche nemmeno', 'molto troppo davvero veramente totalmente assolutamente estremamente completamente super così', 'poco un po leggermente quasi abbastanza', 'ma però tuttavia eppure'),
  nl: rules('niet geen nooit niets niemand noch zonder', 'heel zeer erg echt totaal absoluut extreem helemaal super zo ontzettend', 'weinig beetje nauwelijks bijna enigszins', 'maar echter toch'),
};
