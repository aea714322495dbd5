import { readFileSync } from 'node:fs';

/** What Linux says of a process (/proc); null when it is gone. */
function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The processes a process has started and that still run (or wait to be reaped). */
export function childrenOf(pid: number): number[] {
  return (read(`/proc/${pid}/task/${pid}/children`) ?? '').split(' ').filter((p) => p !== '').map(Number);
}

/** A process's arguments, the program first. */
export function argsOf(pid: number): string[] {
  return (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter((a) => a !== '');
}

/** Whether a process still runs (a zombie, ended but not yet reaped, does not). */
export function running(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`);
  return stat !== null && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}
