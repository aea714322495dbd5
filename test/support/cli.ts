import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'hustings.mjs');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real command line, as a user would, in its own process. */
/** Children still running: a test that fails or times out before its child ends must not leave it running (a producer waiting on a Redis that is gone, say). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer; keepStdin?: boolean } = {}): { child: ChildProcess; done: Promise<CliResult> } {
  // Run the file itself, as npx does, so that its #! line applies.
  const child = spawn(BIN, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // Kept open, the caller writes to it as a slow stream would.
  if (!options.keepStdin) child.stdin!.end(options.input ?? '');
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  running.add(child);
  void done.then(() => running.delete(child));
  return { child, done };
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}
