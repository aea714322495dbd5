import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'hustings.mjs');

export interface Run {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
}

/** Runs a Node script in its own process, so that its peak memory is its own. */
export function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}, onStart?: (kill: () => void) => void): Promise<Run> {
  const started = performance.now();
  // The command runs as users run it: the file itself, so that its #! line (and flags) apply.
  const [cmd, argv] = script === BIN ? [BIN, args] : [process.execPath, [script, ...args]];
  const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  onStart?.(() => child.kill('SIGKILL'));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, wallMs: Math.round(performance.now() - started) })),
  );
}

export function parseJson<T>(r: Run, what: string): T {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code ?? r.signal}): ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as T;
}
