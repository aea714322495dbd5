import type { HypeAlert } from '../types';

/** Volume bursts (EWMA control chart), newest first. */
export function Hype({ alerts }: { alerts: HypeAlert[] }) {
  return (
    <section className="panel" data-testid="hype">
      <h2>
        Hype <small>(bursts of volume against the usual level)</small>
      </h2>
      {alerts.length === 0 && <p className="empty">No burst in this range.</p>}
      <ul className="alerts">
        {alerts.slice(0, 8).map((a) => (
          <li key={`${a.kind ?? 'topic'}:${a.term ?? a.topic}:${a.start}`}>
            <strong>{a.term ?? a.topic}</strong> <small>{a.kind ?? 'topic'}</small>
            <br />
            from {new Date(a.start).toLocaleString()}, peak {a.peakCount} posts/h at {new Date(a.peak).toLocaleString()} ({a.magnitude.toFixed(1)}× usual, z = {a.z.toFixed(1)})
          </li>
        ))}
      </ul>
    </section>
  );
}
