// Starting a command again in a child process with V8 flags of its own. Plain JavaScript: the
// launcher (bin/hustings.mjs) uses it before any TypeScript loader is there.
//
// Some V8 flags only take effect at start-up (set later, `--single-threaded-gc` aborts the process
// at the next collection), and the launcher's #! line sets the same flags for every command.
// `hustings worker listen` is the one command meant to run as one process per core, side by side:
// there the garbage collector's helper threads only take CPU from the other workers and
// PostgreSQL (bench:scale on 2 cores, 300,000 posts, alternated: 2 workers 14,800–14,950 posts/s
// with a single-threaded collector against 11,900–13,700 without, worker CPU 73–75 µs a post
// against 87–94, one worker unchanged), while the in-process `listen ingest`, whose main thread
// is its bottleneck, gains from them (17,200–17,600 posts/s against 14,000–15,100 without them).

import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** What a command started again finds in its environment (and removes). */
const MARK = 'HUSTINGS_RELAUNCHED';
// Not SIGUSR1: Node's own (it opens the inspector).
const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'];

/** The V8 flags a command needs at start-up (none for most); global options may come before it. */
export function startupFlags(argv) {
  const args = argv.slice(2);
  return args.some((a, i) => a === 'worker' && args[i + 1] === 'listen') ? ['--single-threaded-gc'] : [];
}

/**
 * In a process started by `relaunch`: it dies with its launcher. The launcher killed (kill -9
 * included) closes the channel between them, and this process then ends as abruptly, as if it had
 * been killed with it: no batch finished, nothing acknowledged.
 */
export function followLauncher() {
  if (process.env[MARK] !== '1') return;
  delete process.env[MARK];
  if (!process.channel) return;
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}

/**
 * Runs this command again in a child process with `flags` added to Node's, unless this process
 * has them: the launcher passes its signals on (the child stops as it would have), and ends as
 * the child ends (same exit code, or same signal). Resolves to false when there is nothing to
 * do; otherwise never resolves (the process ends with the child).
 */
export function relaunch(flags) {
  const missing = flags.filter((f) => !process.execArgv.includes(f));
  // Under a debugger the command stays where the debugger is.
  const debugging = process.execArgv.some((a) => a.startsWith('--inspect'));
  if (missing.length === 0 || debugging || (process.env[MARK] === '1' && process.channel)) return Promise.resolve(false);
  // A process group of its own: Ctrl-C in a terminal reaches the launcher, which passes it on once
  // (the worker takes a second signal as "stop now").
  const child = spawn(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [MARK]: '1' },
    detached: true,
  });
  const pass = (signal) => child.kill(signal);
  // Ctrl-Z stops the launcher: the worker, in its own group, is stopped with it, and goes on with it.
  const suspend = () => {
    child.kill('SIGSTOP');
    process.kill(process.pid, 'SIGSTOP');
  };
  const resume = () => child.kill('SIGCONT');
  const handlers = [...FORWARDED.map((s) => [s, pass]), ['SIGTSTP', suspend], ['SIGCONT', resume]];
  for (const [s, handler] of handlers) process.on(s, handler);
  // Settled only by exiting: the pending promise holds the launcher's top-level await.
  return new Promise(() => {
    child.on('error', (error) => {
      process.stderr.write(`hustings: cannot start ${process.execPath} (${error.message})\n`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      for (const [s, handler] of handlers) process.off(s, handler);
      if (!signal) process.exit(code ?? 1);
      process.kill(process.pid, signal);
      // Still here: a process that is pid 1 (a container's) does not get the signals it sends itself.
      process.exit(128 + (constants.signals[signal] ?? 0));
    });
  });
}
