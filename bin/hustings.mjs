#!/usr/bin/env -S node --max-old-space-size=256
// Entry point for `npx hustings`: runs the CLI from a bundle of its sources (built on first use,
// rebuilt when a source changes; see src/core/bundle.mjs), or on the sources themselves through
// the TypeScript loader when no bundle can be had or HUSTINGS_BUNDLE=0.
// The heap cap keeps memory flat on long streams: V8 otherwise lets the heap grow lazily with
// the input even though the live data stays small (measured: 1.5 M posts ingest in ~250 MB RSS
// with the cap, up to ~400 MB without). Raise it here if a command ever needs more.
import { bundled } from '../src/core/bundle.mjs';
import { followLauncher, relaunch, startupFlags } from '../src/core/relaunch.mjs';

// `hustings … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  // A full disk or a closed terminal: said in one line, as any output that cannot be written (exit 3).
  process.stderr.write(`hustings: cannot write to standard output (${error.code ?? error.message})\n`);
  process.exit(3);
});
// A command that needs V8 flags of its own at start-up (a listening worker) runs in a child that has them.
await relaunch(startupFlags(process.argv));
followLauncher();
const entry = new URL('../src/cli/main.ts', import.meta.url);
const bundle = await bundled(entry);
if (!bundle) (await import('tsx/esm/api')).register();
const { main } = await import((bundle ?? entry).href);
process.exitCode = await main(process.argv);
