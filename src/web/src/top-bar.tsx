import type { ReactNode } from 'react';
import type { Me } from './api';
import { logout } from './api';

/** The bar on top of every view: the name, the views, what the view adds (a live counter), who is logged in. */
export function TopBar({ me, onLogout, view, children }: { me: Me; onLogout: () => void; view: 'listening' | 'elections' | 'contacts' | 'field'; children?: ReactNode }) {
  return (
    <header>
      <h1>hustings</h1>
      <nav>
        {view === 'listening' ? <strong>Listening</strong> : <a href="/">Listening</a>} · {view === 'elections' ? <strong>Elections</strong> : <a href="/elections">Elections</a>} · {view === 'contacts' ? <strong>Contacts</strong> : <a href="/contacts">Contacts</a>} · {view === 'field' ? <strong>Field</strong> : <a href="/field">Field</a>}
      </nav>
      {children}
      <span className="user">
        {me.user} ({me.role}){' '}
        <button className="link" onClick={() => void logout().catch(() => undefined).finally(onLogout)}>
          log out
        </button>
      </span>
    </header>
  );
}
