import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript of the launcher, without declarations
import { startupFlags } from '../src/core/relaunch.mjs';
import { runCli } from './support/cli';

const flagsOf = startupFlags as (argv: string[]) => string[];
const argv = (...args: string[]): string[] => ['node', 'hustings', ...args];

describe('commands started again with V8 flags of their own', () => {
  it('gives a listening worker a single-threaded collector, whatever global options come first, and no other command', () => {
    expect(flagsOf(argv('worker', 'listen', '--redis', 'redis://h'))).toEqual(['--single-threaded-gc']);
    expect(flagsOf(argv('--db', 'postgres://h/db', 'worker', 'listen'))).toEqual(['--single-threaded-gc']);
    expect(flagsOf(argv('worker', 'dead', 'list'))).toEqual([]);
    expect(flagsOf(argv('listen', 'ingest', 'worker'))).toEqual([]);
    expect(flagsOf(argv('demo'))).toEqual([]);
  });

  it('passes the worker’s output and exit code through the launcher', async () => {
    const help = await runCli(['worker', 'listen', '--help']);
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout.match(/Usage: hustings worker listen/g)).toHaveLength(1);
    const bad = await runCli(['worker', 'listen', '--no-such-option']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--no-such-option'/);
  });
});
