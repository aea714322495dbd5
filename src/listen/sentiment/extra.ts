/**
 * Everyday sentiment words that the translated AFINN lists lack, on VADER's −4…+4 scale. Written
 * for hustings; they add to the lexicons, and correct the few translations that carry the wrong sign
 * (Dutch "verschrikkelijk" is terrible, not terrific).
 */
export const EXTRA_WORDS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  fr: { bon: 1.9, merci: 1.5, nul: -1.8, super: 2.2, top: 1.8, génial: 3, magnifique: 3, bravo: 2.4, honteux: -2.2, scandale: -2.2, dommage: -1.4, pire: -2.5, meilleur: 2.2, espoir: 1.6, peur: -1.8, colère: -2.2, fier: 2 },
  de: { super: 2.2, toll: 2.4, danke: 1.5, schande: -2.2, katastrophe: -2.6, großartig: 3, wunderbar: 3, prima: 2, mies: -2, furchtbar: -2.6, besser: 1.6, beste: 2.4, schlimm: -2.2, hoffnung: 1.6, angst: -1.8, wut: -2.2, stolz: 2 },
  es: { bien: 1.9, gracias: 1.6, vergüenza: -2, desastre: -2.4, estupendo: 2.8, fatal: -2.4, peor: -2.5, mejor: 2.2, esperanza: 1.6, miedo: -1.8, rabia: -2.2, orgulloso: 2 },
  it: { ottimo: 3, felice: 2.6, grazie: 1.6, bello: 2.2, brutto: -2, peggio: -2.5, meglio: 2.2, schifo: -2.8, vergogna: -2.2, speranza: 1.6, paura: -1.8, rabbia: -2.2, orgoglioso: 2, disastro: -2.4 },
  nl: { verschrikkelijk: -2.6, super: 2.2, top: 1.8, fijn: 2, mooi: 2.2, jammer: -1.4, erg: -1.2, slechter: -2, beter: 1.6, beste: 2.4, hoop: 1.6, bang: -1.8, woedend: -2.6, trots: 2 },
};
