import { useCallback, useEffect, useRef, useState } from 'react';
import type { CanvassDb } from './db';
import { discardFailed, resendWithoutAnswers, syncMeta } from './db';
import { isLoggedOut } from './http';
import { clock, useLive, useOnline } from './live';
import { sync } from './sync';

/** While online, the phone syncs this often on its own (and whenever the network comes back). */
const EVERY_MS = 3 * 60_000;
/**
 * A sync that found no network although the browser says it has one (navigator.onLine says only
 * that an interface is up: a phone on a Wi-Fi without internet, a tunnel, a page reloaded offline)
 * is tried again soon, then less often, up to this: no `online` event will come to say when.
 */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 10_000;

/** The wait before the next try after `failures` syncs in a row found no network. */
export function retryDelay(failures: number): number {
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1), RETRY_MAX_MS);
}

export interface Syncer {
  busy: boolean;
  run: () => Promise<void>;
}

/** Sync on demand, when the `online` event fires and every few minutes while online; one at a time. */
export function useSyncer(db: CanvassDb, onLoggedOut: () => void): Syncer {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const failures = useRef(0);
  const retry = useRef<ReturnType<typeof setTimeout> | null>(null);
  const again = useRef<() => void>(() => undefined);
  const online = useOnline();
  const run = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    if (retry.current) clearTimeout(retry.current);
    retry.current = null;
    try {
      await sync(db, fetch.bind(window));
      failures.current = 0;
    } catch (e) {
      if (isLoggedOut(e)) onLoggedOut();
      // fetch rejects with a TypeError when no answer came at all (an answer is an HttpError).
      else if (e instanceof TypeError && navigator.onLine) retry.current = setTimeout(() => again.current(), retryDelay(++failures.current));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, [db, onLoggedOut]);
  again.current = () => void run();
  useEffect(() => {
    if (!online) return;
    void run();
    const timer = setInterval(() => void run(), EVERY_MS);
    return () => {
      clearInterval(timer);
      if (retry.current) clearTimeout(retry.current);
      retry.current = null;
    };
  }, [online, run]);
  return { busy, run };
}

/** Always on screen: network, records waiting, records refused, the last sync and a big Sync button. */
export function StatusBar({ db, syncer }: { db: CanvassDb; syncer: Syncer }) {
  const online = useOnline();
  const counts = useLive(async () => ({ pending: await db.outbox.count(), failed: await db.failed.toArray(), meta: await syncMeta(db) }), [db]);
  const ready = counts !== undefined;
  useEffect(() => {
    // The first screen with the phone's own data: what the offline start-up time is measured to.
    if (ready && performance.getEntriesByName('canvass-ready').length === 0) performance.mark('canvass-ready');
  }, [ready]);
  return (
    <div className="status" data-testid="status">
      <span className={online ? 'net on' : 'net off'} data-testid="network">
        {online ? 'online' : 'offline'}
      </span>
      <span data-testid="outbox-count" data-count={counts?.pending ?? 0}>
        {counts?.pending ?? 0} to send
      </span>
      {!!counts?.failed.length && (
        <details className="failed" data-testid="failed">
          <summary>{counts.failed.length} refused</summary>
          <ul>
            {counts.failed.map((f) => (
              <li key={f.id}>
                door {f.event.addressId} ({f.event.result}): {f.error}{' '}
                {f.event.answers && (
                  <button type="button" className="link" onClick={() => void resendWithoutAnswers(db, f.id)}>
                    send again without the answers
                  </button>
                )}{' '}
                <button type="button" className="link" onClick={() => window.confirm('Give up this record? It is not sent.') && void discardFailed(db, f.id)}>
                  give up
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      <span className="last" data-testid="last-sync" title="last sync">
        <span className="wide">synced </span>
        {clock(counts?.meta.lastSync)}
      </span>
      <button type="button" className="sync" disabled={!online || syncer.busy} onClick={() => void syncer.run()}>
        {syncer.busy ? 'Syncing…' : 'Sync'}
      </button>
      {counts?.meta.lastError && (
        <p className="sync-error" role="status">
          Last sync failed: {counts.meta.lastError}
        </p>
      )}
    </div>
  );
}
