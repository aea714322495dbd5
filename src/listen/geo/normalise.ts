/** Place names compared without case, accents or punctuation: "Köln " → "koln", "St. Albans" → "st albans". */
export function normalisePlace(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
