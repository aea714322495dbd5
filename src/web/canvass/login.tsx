import { useState } from 'react';
import type { CanvassDb, SessionRow } from './db';
import { wipe } from './db';
import { call, isLoggedOut } from './http';

/**
 * Logs in through the same API as the dashboard and keeps the user (and the CSRF token for
 * writes) on the phone. A phone still holding another canvasser's unsent records refuses a new
 * user: those records must go out under their author's name first.
 */
async function logIn(db: CanvassDb, name: string, password: string): Promise<SessionRow> {
  await makeRoomFor(db, name);
  const r = await call<{ user: string; role: string; csrf: string }>(fetch.bind(window), null, '/api/login', { name, password });
  return keep(db, r);
}

/** Another user's phone data goes, unless it holds records not yet sent (they must go out under their author's name first). */
async function makeRoomFor(db: CanvassDb, name: string): Promise<void> {
  const previous = await db.session.get('me');
  if (previous && previous.user !== name) {
    const pending = await db.outbox.count();
    if (pending > 0) throw new Error(`this phone holds ${pending} unsent records of ${previous.user}: log in as ${previous.user} and sync first`);
    await wipe(db);
  }
}

async function keep(db: CanvassDb, r: { user: string; role: string; csrf: string }): Promise<SessionRow> {
  const previous = await db.session.get('me');
  const row: SessionRow = { key: 'me', user: r.user, role: r.role, csrf: r.csrf, device: previous?.device ?? crypto.randomUUID() };
  await db.session.put(row);
  return row;
}

/**
 * The browser's own session (a login link, or a login on the dashboard), taken up with its CSRF
 * token; 'logged-out' when the server says there is none; null when it cannot be asked (no
 * network), or when it is another user's while this phone holds the stored user's unsent records.
 */
export async function cookieSession(db: CanvassDb): Promise<SessionRow | 'logged-out' | null> {
  if (!navigator.onLine) return null;
  let me: { user: string; role: string; csrf: string | null };
  try {
    me = await call<typeof me>(fetch.bind(window), null, '/api/me');
  } catch (e) {
    return isLoggedOut(e) ? 'logged-out' : null;
  }
  if (!me.csrf) return null;
  try {
    await makeRoomFor(db, me.user);
  } catch {
    return null;
  }
  return keep(db, { ...me, csrf: me.csrf });
}

export function LoginForm({ db, again, onLogin }: { db: CanvassDb; again: string | null; onLogin: (s: SessionRow) => void }) {
  const [name, setName] = useState(again ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onLogin(await logIn(db, name, password));
    } catch (err) {
      setError(navigator.onLine ? (err as Error).message : 'No network: logging in needs one.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="login" onSubmit={(e) => void submit(e)}>
      <h1>hustings · door to door</h1>
      <p>{again ? 'Your session ended: log in again to send your records (they are kept on this phone).' : 'Log in with the account your organiser gave you.'}</p>
      <label>
        User name
        <input name="name" autoComplete="username" autoCapitalize="none" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        Log in
      </button>
    </form>
  );
}
