import { spawn } from 'node:child_process';
import type { Run } from '../ingest/run';
import { BIN } from '../ingest/run';
import { peakRssMb, rssMb, treeCpuSeconds, treeSum } from './proc';

/** A `hustings` process (with any child it starts) the benchmark watches while it runs (bench/ingest/run.ts `run` waits only). */
export interface Started {
  readonly pid: number;
  /** Resolves when it has exited, with its output. */
  readonly done: Promise<Run>;
  /** Its peak RSS (MB) and CPU seconds at the last `watch()`; /proc forgets them at exit. */
  readonly last: { peakRssMb: number | null; cpuSeconds: number | null };
  /** Reads its peak RSS and CPU time now (call it often: the last reading before exit is what is kept). */
  watch(): void;
  /** Its resident memory now, MB; null once it has exited. */
  rssMb(): number | null;
  signal(signal: NodeJS.Signals): void;
}

/** Starts `hustings ARGS` as users run it (the file itself, so its #! flags apply); `onStderr` sees its log as it comes. */
export function start(args: string[], env: NodeJS.ProcessEnv, onStderr?: (text: string) => void): Started {
  const started = performance.now();
  const child = spawn(BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(stderr);
  });
  const pid = child.pid ?? -1;
  // Once it has exited its pid may be another process's: /proc is not read for it any more.
  let exited = false;
  child.on('exit', () => (exited = true));
  const last = { peakRssMb: null as number | null, cpuSeconds: null as number | null };
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, wallMs: Math.round(performance.now() - started) })),
  );
  return {
    pid,
    done,
    last,
    watch: () => {
      if (exited) return;
      // With the process it started again, if any (a worker runs in a child with its own V8 flags).
      // The largest seen: at the end the worker may be gone before its launcher.
      last.peakRssMb = Math.max(last.peakRssMb ?? 0, treeSum(pid, peakRssMb) ?? 0) || null;
      last.cpuSeconds = treeCpuSeconds(pid) ?? last.cpuSeconds;
    },
    rssMb: () => (exited ? null : treeSum(pid, rssMb)),
    signal: (s) => child.kill(s),
  };
}
