import { useEffect, useState } from 'react';
import type { Headline } from './types';

/**
 * The live counter: the headline from the server's event stream (it reconnects by itself), and a
 * callback on each change so that the other panels fetch again.
 */
export function useLive(onChange: () => void): { headline: Headline | null; connected: boolean } {
  const [headline, setHeadline] = useState<Headline | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/listen/stream');
    let last: string | null = null;
    source.addEventListener('headline', (e) => {
      const h = JSON.parse((e as MessageEvent<string>).data) as Headline;
      setHeadline(h);
      const mark = `${h.version}/${h.posts}`;
      if (last !== null && mark !== last) onChange();
      last = mark;
    });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    return () => source.close();
    // onChange is stable (a state setter), so the stream is opened once.
  }, [onChange]);
  return { headline, connected };
}

export function LiveCounter({ headline, connected }: { headline: Headline | null; connected: boolean }) {
  return (
    <div className="live" data-testid="live-counter" data-posts={headline?.posts ?? ''} title={connected ? 'live: updates as posts arrive' : 'not connected to the live stream'}>
      <span className={`dot ${connected ? 'on' : ''}`} />
      <strong>{headline ? headline.posts.toLocaleString() : '…'}</strong> posts
    </div>
  );
}
