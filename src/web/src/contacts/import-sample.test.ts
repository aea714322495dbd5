import { describe, expect, it } from 'vitest';
import { sampleOf } from './import-sample';
import type { ImportPreview } from './types';

const row = (line: number, consents: [string, string, boolean][]): ImportPreview['sample'][number] => ({ line, given: `G${line}`, family: null, emails: [], phones: [], area: null, tags: [], consents, noticeVersion: line === 3 ? null : `v${line}` });

const PREVIEW: ImportPreview = {
  header: ['first_name', 'consent_newsletter_email', 'consent_canvassing_door'],
  mapping: { columns: {}, country: 'FR', tagSeparator: '|' },
  ignored: [],
  sample: [
    row(2, [['newsletter', 'email', true], ['canvassing', 'door', false]]),
    row(3, [['canvassing', 'door', true]]),
    row(4, [['newsletter', 'email', false]]),
  ],
  checked: 3,
  bad: [],
  position: 'line',
  targets: [],
};

describe('the import wizard’s sample of a column', () => {
  it('shows a consent column’s own answers, not every consent of the row', () => {
    expect(sampleOf(PREVIEW, 'consent:newsletter/email')).toBe('yes · no');
    expect(sampleOf(PREVIEW, 'consent:canvassing/door')).toBe('no · yes');
    expect(sampleOf(PREVIEW, 'consent:profiling/email')).toBe('');
    expect(sampleOf(PREVIEW, 'given_name')).toBe('G2 · G3 · G4');
  });

  it('shows the notice version each row gives', () => {
    expect(sampleOf(PREVIEW, 'notice_version')).toBe('v2 · v4');
  });
});
