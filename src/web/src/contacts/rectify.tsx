import { useState } from 'react';
import type { Me } from '../api';
import { sendJson } from './request';
import type { RectifyForm } from './rectify-changes';
import { changesFrom, formOf } from './rectify-changes';
import type { PersonRecord } from './types';

const LABELS: [keyof RectifyForm, string, string?][] = [
  ['givenName', 'given name'],
  ['familyName', 'family name'],
  ['birthYear', 'birth year'],
  ['gender', 'gender', 'female, male or other'],
  ['language', 'language', 'e.g. fr'],
  ['support', 'support (1–5)'],
  ['area', 'area'],
];
const ADDRESS: [keyof RectifyForm, string][] = [
  ['street', 'street'],
  ['postcode', 'postcode'],
  ['city', 'city'],
  ['country', 'country'],
];

/**
 * Rectification (GDPR art. 16) from the profile, for admins: the person's fields, e-mails and
 * phones (one per line) and address, prefilled; only what was changed is sent. An emptied field
 * is cleared. The server validates as an import does and names the field it refuses.
 */
export function Rectify({ me, person, onDone, onCancel }: { me: Me; person: PersonRecord; onDone: (fields: readonly string[]) => void; onCancel: () => void }) {
  const [form, setForm] = useState<RectifyForm>(() => formOf(person));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof RectifyForm) => (e: { target: { value: string } }) => (setForm({ ...form, [k]: e.target.value }), setError(null));
  const submit = () => {
    const changes = changesFrom(person, form);
    if (Object.keys(changes).length === 0) return setError('Nothing changed.');
    setBusy(true);
    sendJson<{ fields: string[] }>(me, `/api/contacts/people/${person.id}/rectify`, changes).then(
      (r) => onDone(r.fields),
      (e: Error) => (setError(e.message), setBusy(false)),
    );
  };
  const input = ([k, label, placeholder]: [keyof RectifyForm, string, string?]) => (
    <label key={k}>
      {label} <input name={k} value={form[k]} placeholder={placeholder} onChange={set(k)} />
    </label>
  );
  return (
    <form
      className="form"
      data-testid="rectify"
      aria-label="correct this person"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {LABELS.map(input)}
      <label>
        e-mails, one per line <textarea name="emails" rows={2} value={form.emails} onChange={set('emails')} />
      </label>
      <label>
        phones, one per line <textarea name="phones" rows={2} value={form.phones} onChange={set('phones')} />
      </label>
      <fieldset className="form">
        <legend>address (empty all lines to remove it)</legend>
        {ADDRESS.map((a) => input(a))}
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="actions">
        <button type="submit" disabled={busy}>
          Save the correction
        </button>{' '}
        <button type="button" className="link" onClick={onCancel}>
          cancel
        </button>
      </p>
    </form>
  );
}
