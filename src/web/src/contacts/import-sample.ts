import type { ImportPreview } from './types';

/** What the first rows hold for a target once normalised, so that a wrong mapping shows. */
export function sampleOf(preview: ImportPreview, target: string): string {
  const pick = (r: ImportPreview['sample'][number]): string | null => {
    if (target === 'given_name') return r.given;
    // The particle shows joined to the family name, as it is stored.
    if (target === 'family_name' || target === 'birth_name' || target === 'name_particle') return r.family;
    if (target === 'email') return r.emails.join(' ');
    if (target === 'phone') return r.phones.join(' ');
    if (target === 'area') return r.area;
    if (target === 'tags') return r.tags.join('|');
    if (target === 'notice_version') return r.noticeVersion;
    // This column's consent only (`consent:PURPOSE/CHANNEL`), not every consent of the row.
    if (target.startsWith('consent:')) return r.consents.filter((c) => `consent:${c[0]}/${c[1]}` === target).map((c) => (c[2] ? 'yes' : 'no')).join(' ') || null;
    return null;
  };
  return preview.sample
    .slice(0, 3)
    .map(pick)
    .filter((v) => v)
    .join(' · ');
}
