import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Me } from './api';
import { whoAmI } from './api';
import { Dashboard } from './dashboard';
import { ContactsView } from './contacts/view';
import { ElectionsView } from './elections/view';
import { FieldView } from './field/view';
import { Login } from './login';
import './styles.css';

function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    whoAmI().then(setMe, (e: Error) => setError(e.message));
  }, []);
  if (error) return <p className="error" role="alert">The server did not answer: {error}</p>;
  if (me === undefined) return <p className="empty">Loading…</p>;
  if (me === null) return <Login onLogin={setMe} />;
  // Canvassers have the phone app, not the dashboard (whose reads need a viewer at least).
  if (me.role === 'canvasser') {
    location.replace('/canvass/');
    return <p className="empty">Opening the canvassing app…</p>;
  }
  if (location.pathname.startsWith('/contacts')) return <ContactsView me={me} onLogout={() => setMe(null)} />;
  if (location.pathname.startsWith('/field')) return <FieldView me={me} onLogout={() => setMe(null)} />;
  if (location.pathname.startsWith('/elections')) return <ElectionsView me={me} onLogout={() => setMe(null)} />;
  return <Dashboard me={me} onLogout={() => setMe(null)} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
