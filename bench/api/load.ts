/** One request's outcome. */
export interface Sample {
  readonly ms: number;
  readonly ok: boolean;
}

/**
 * Open-loop load: a request every 1/rate s whatever the answers (a closed loop would slow down
 * with the server and hide its queueing), for `seconds`; each request's latency includes reading the body.
 */
export async function loadTest(rate: number, seconds: number, request: (i: number) => Promise<Response>): Promise<Sample[]> {
  const total = rate * seconds;
  const started = performance.now();
  const pending: Promise<Sample>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    pending.push(
      request(i).then(
        async (r) => {
          await r.arrayBuffer();
          return { ms: performance.now() - sent, ok: r.ok };
        },
        () => ({ ms: performance.now() - sent, ok: false }),
      ),
    );
  }
  return Promise.all(pending);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarise(samples: readonly Sample[]): { requests: number; errors: number; p50: number; p95: number; p99: number; max: number } {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const r = (x: number): number => Math.round(x * 10) / 10;
  return { requests: samples.length, errors: samples.filter((s) => !s.ok).length, p50: r(percentile(ms, 50)), p95: r(percentile(ms, 95)), p99: r(percentile(ms, 99)), max: r(ms[ms.length - 1] ?? NaN) };
}

/** Posts `batches` batches of new posts and measures, for each, the time until the event stream shows it. */
export async function liveLatencies(url: string, headers: Record<string, string>, batches: number): Promise<number[]> {
  const stream = await fetch(`${url}/api/listen/stream`, { headers });
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const nextVersion = async (): Promise<number> => {
    for (;;) {
      const m = /event: headline\ndata: (.*)\n\n/.exec(buffer);
      if (m) {
        buffer = buffer.slice(m.index + m[0].length);
        return (JSON.parse(m[1]!) as { version: number }).version;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  let version = await nextVersion();
  const out: number[] = [];
  for (let b = 0; b < batches; b++) {
    const body = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({ id: `live-${Date.now()}-${b}-${i}`, text: i % 2 ? 'Vote leave, take back control #VoteLeave' : 'Stronger together in Europe #StrongerIn', created_at: '2016-06-23T12:00:00Z', lang: 'en', user_location: 'London' }),
    ).join('\n');
    const sent = performance.now();
    const r = await fetch(`${url}/api/listen/posts`, { method: 'POST', headers, body });
    if (!r.ok) throw new Error(`POST failed: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
    while (version <= b) version = await nextVersion();
    out.push(performance.now() - sent);
  }
  await reader.cancel();
  return out;
}
