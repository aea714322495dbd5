import { useState } from 'react';
import { useApi } from '../use-api';
import type { PeoplePage } from './types';
import { fullName } from './types';

/** The search box and its results: name prefix, e-mail, phone or tag, within the user's scope. */
export function People({ q, onSearch, onOpen }: { q: string; onSearch: (q: string) => void; onOpen: (id: number) => void }) {
  const [text, setText] = useState(q);
  const page = useApi<PeoplePage>('/api/contacts/people', { q, limit: '100' }, 0);
  return (
    <section className="panel" data-testid="people">
      <form
        className="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(text.trim());
        }}
      >
        <input name="q" type="search" aria-label="search people" placeholder="name, e-mail, phone or tag" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      {page.error && <p className="error" role="alert">{page.error}</p>}
      {page.data && (
        <>
          <p className="muted">
            {page.data.total.toLocaleString('en-GB')} {page.data.total === 1 ? 'person' : 'people'}
            {page.data.total > page.data.people.length ? `, the first ${page.data.people.length} shown` : ''}
          </p>
          <div className="scroll">
            <table className="compact" data-testid="people-results">
              <thead>
                <tr>
                  <th>name</th>
                  <th>area</th>
                  <th>support</th>
                  <th>tags</th>
                  <th>consents</th>
                </tr>
              </thead>
              <tbody>
                {page.data.people.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <button className="link" onClick={() => onOpen(p.id)}>
                        {fullName(p)}
                      </button>
                    </td>
                    <td>{p.area ?? '–'}</td>
                    <td>{p.support ?? '–'}</td>
                    <td>{p.tags}</td>
                    <td>
                      {p.consents.join(', ') || '–'}
                      {p.withdrawn > 0 && <span className="muted"> ({p.withdrawn} withdrawn)</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
