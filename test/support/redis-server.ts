import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './ports';

/**
 * A Redis server of our own for one test, in a temporary folder, that the test may stop, kill
 * and start again on the same port and data: Debian's redis-server with the append-only file
 * synced on every write (what README "Running on several machines" asks for, so that a crash
 * loses no acknowledged write).
 */
export interface ThrowawayRedis {
  readonly url: string;
  readonly port: number;
  /** SIGTERM (Redis saves and exits), then start again; resolves once it answers. */
  restart(): Promise<void>;
  /** SIGKILL, then start again from the append-only file. */
  crash(): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILL and stay down (until `start`). */
  kill(): Promise<void>;
  start(): Promise<void>;
}

export function redisServerPath(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  if (process.env.CI === 'true') throw new Error('CI=true but no redis-server: install the Debian package redis-server');
  process.stderr.write('\n!!! redis-server not found: the scale-out tests are SKIPPED. Install redis-server (Debian package).\n\n');
  return null;
}

async function answers(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      if ((await r.ping()) === 'PONG') return;
    } catch {
      // not up yet (or still loading its data)
    } finally {
      r.disconnect();
    }
    await sleep(50);
  }
  throw new Error(`redis-server on port ${port} did not answer`);
}

export async function startThrowawayRedis(bin: string): Promise<ThrowawayRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-redis-'));
  const port = await freePort();
  let child: ChildProcess;
  const start = async (): Promise<void> => {
    child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'no'], { stdio: 'ignore' });
    await answers(port);
  };
  const exit = (signal: NodeJS.Signals): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async () => {
      await exit('SIGTERM');
      await start();
    },
    crash: async () => {
      await exit('SIGKILL');
      await start();
    },
    kill: () => exit('SIGKILL'),
    start,
    stop: async () => {
      await exit('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
