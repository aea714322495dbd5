import { useCallback, useEffect, useState } from 'react';
import type { CanvassDb, SessionRow } from './db';
import { wipe } from './db';
import { Door } from './door';
import { call } from './http';
import { cookieSession, LoginForm } from './login';
import { logoutWarning } from './logout';
import { StatusBar, useSyncer } from './status';
import { Turfs } from './turfs';
import { Walk } from './walk';

/** Where the canvasser is, kept in the URL's hash so that Back works: #/turf/12, #/turf/12/door/345. */
interface Place {
  turf: number | null;
  door: number | null;
}

function readPlace(): Place {
  const m = /^#\/turf\/(\d+)(?:\/door\/(\d+))?$/.exec(location.hash);
  return { turf: m ? Number(m[1]) : null, door: m?.[2] ? Number(m[2]) : null };
}

function go(p: Place): void {
  location.hash = p.turf === null ? '' : `#/turf/${p.turf}${p.door !== null ? `/door/${p.door}` : ''}`;
}

function usePlace(): Place {
  const [place, setPlace] = useState(readPlace);
  useEffect(() => {
    const on = (): void => setPlace(readPlace());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return place;
}

function Screens({ db, session, onLoggedOut, onLogout }: { db: CanvassDb; session: SessionRow; onLoggedOut: () => void; onLogout: () => void }) {
  const place = usePlace();
  const syncer = useSyncer(db, onLoggedOut);
  return (
    <>
      <div className="top">
        <header className="bar">
          {place.turf !== null ? (
            <button type="button" className="back" onClick={() => go({ turf: place.door !== null ? place.turf : null, door: null })}>
              ‹ {place.door !== null ? 'Walk list' : 'My turfs'}
            </button>
          ) : (
            <h1>My turfs</h1>
          )}
          <span className="user">{session.user}</span>
          <button type="button" className="link" onClick={onLogout}>
            Log out
          </button>
        </header>
        <StatusBar db={db} syncer={syncer} />
      </div>
      <main>
        {place.turf === null && <Turfs db={db} onOpen={(turf) => go({ turf, door: null })} />}
        {place.turf !== null && place.door === null && <Walk db={db} turfId={place.turf} onDoor={(door) => go({ turf: place.turf, door })} />}
        {place.turf !== null && place.door !== null && <Door key={place.door} db={db} turfId={place.turf} addressId={place.door} onDone={(door) => go({ turf: place.turf, door })} />}
      </main>
    </>
  );
}

/**
 * The phone app: the session comes from the phone's store, so the app opens with no network; a
 * 401 at sync asks for the password again and keeps everything recorded.
 */
export function App({ db }: { db: CanvassDb }) {
  const [session, setSession] = useState<SessionRow | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    // The browser's session first (a login link opens the app that way), else the phone's stored one: offline, as it is;
    // online with the server saying nobody is logged in (logged out on the dashboard, say), behind the login form.
    const open = async (): Promise<void> => {
      const cookie = await cookieSession(db);
      if (cookie !== null && cookie !== 'logged-out') return setSession(cookie);
      setSession((await db.session.get('me')) ?? null);
      if (cookie === 'logged-out') setExpired(true);
    };
    open().catch(() => setSession(null));
  }, [db]);
  // The outbox may be a day's only copy of the work: asked to be kept when the browser clears storage it deems idle.
  useEffect(() => {
    if (session) void navigator.storage?.persist?.().catch(() => false);
  }, [session]);
  const onLoggedOut = useCallback(() => {
    // Logged in again elsewhere (the dashboard, a link) as the same user: that session's token is taken up, with no form.
    void cookieSession(db).then((s) => (s && s !== 'logged-out' && s.user === session?.user ? setSession(s) : setExpired(true)), () => setExpired(true));
  }, [db, session?.user]);
  const logout = async (): Promise<void> => {
    const warning = logoutWarning(await db.outbox.count(), await db.failed.count());
    if (warning && !window.confirm(warning)) return;
    await call(fetch.bind(window), session ?? null, '/api/logout', {}).catch(() => undefined);
    await wipe(db);
    setSession(null);
    go({ turf: null, door: null });
  };
  if (session === undefined) return null;
  if (session === null || expired)
    return (
      <LoginForm
        db={db}
        again={expired ? (session?.user ?? null) : null}
        onLogin={(s) => {
          setExpired(false);
          setSession(s);
        }}
      />
    );
  return <Screens db={db} session={session} onLoggedOut={onLoggedOut} onLogout={() => void logout()} />;
}
