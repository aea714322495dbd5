import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** `hustings serve` in its own process, as users run it; its URL once it listens, and its peak memory. */
export async function startServer(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; peakRssMb: () => Promise<number>; stop: () => Promise<void> }> {
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /Listening on (\S+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`hustings serve exited (${code}): ${stderr}`)));
  });
  const closed = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    url,
    // VmHWM: the process's peak resident memory (Linux).
    peakRssMb: async () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024),
    stop: async () => {
      child.kill('SIGTERM');
      await closed;
    },
  };
}
