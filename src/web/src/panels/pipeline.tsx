import { useEffect, useState } from 'react';
import { useApi } from '../use-api';

interface PipelineStatus {
  stream: string;
  redis: string;
  length: number;
  unprocessed: number;
  postsQueued: number;
  throughput: number;
  producers: number;
  redisMemory: number;
  failing: number;
  group: { pending: number; lag: number | null; consumers: { name: string; pending: number; idleMs: number }[] } | null;
  deadLetters: { total: number; latest: { entry: string; attempts: number; error: string; at: string }[] };
  workers: { consumer: string; host: string; state: string; posts: number; rate: number; deadLettered: number; at: string }[];
}

const REFRESH_MS = 5000;

/**
 * For admins: what `hustings status --redis` shows, every five seconds; nothing at all when the
 * server runs without Redis.
 */
export function Pipeline() {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const { data, error } = useApi<{ stream: PipelineStatus | null }>('/api/admin/pipeline', {}, tick);
  if (!data?.stream && !error) return null;
  return (
    <section className="panel full" data-testid="pipeline">
      <h2>
        Pipeline <small>(Redis stream and workers; admins only)</small>
      </h2>
      {error && <p className="error">{error}</p>}
      {data?.stream && <PipelineTable s={data.stream} />}
    </section>
  );
}

function PipelineTable({ s }: { s: PipelineStatus }) {
  const n = (x: number): string => x.toLocaleString();
  const fresh = (at: string): boolean => Date.now() - Date.parse(at) < 30_000;
  return (
    <>
      <p>
        Backlog <strong>{n(s.postsQueued)}</strong> posts ({n(s.unprocessed)} entries) · pending <strong>{n(s.group?.pending ?? 0)}</strong> · lag {s.group?.lag === null || !s.group ? 'unknown' : n(s.group.lag)} · throughput <strong>{n(s.throughput)}</strong> posts/s · producers {n(s.producers)} · dead letters{' '}
        <strong className={s.deadLetters.total > 0 ? 'warn' : ''}>{n(s.deadLetters.total)}</strong> · failing {n(s.failing)} · Redis {n(Math.round(s.redisMemory / 1048576))} MB
      </p>
      <table className="compact">
        <thead>
          <tr><th>worker</th><th>host</th><th>state</th><th>posts</th><th>posts/s</th><th>pending</th><th>dead-lettered</th></tr>
        </thead>
        <tbody>
          {s.workers.map((w) => (
            <tr key={w.consumer}>
              <td>{w.consumer}</td>
              <td>{w.host}</td>
              <td>{w.state === 'running' && !fresh(w.at) ? 'silent' : w.state}</td>
              <td>{n(w.posts)}</td>
              <td>{w.state === 'running' ? n(w.rate) : '–'}</td>
              <td>{n(s.group?.consumers.find((c) => c.name === w.consumer)?.pending ?? 0)}</td>
              <td>{n(w.deadLettered)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.deadLetters.latest.length > 0 && (
        <ul className="alerts">
          {s.deadLetters.latest.map((d) => (
            <li key={d.entry}>
              <strong>{d.entry}</strong> after {d.attempts} attempt{d.attempts === 1 ? '' : 's'} ({new Date(d.at).toLocaleString()}): {d.error}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
