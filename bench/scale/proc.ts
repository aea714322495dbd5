import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * What Linux says of running processes (/proc): memory of the producer and the workers, and the
 * CPU time of the PostgreSQL processes. Read from outside so that the measured processes do
 * nothing extra; a process gone between two reads simply yields null.
 */

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  const m = new RegExp(`${field}:\\s+(\\d+)`).exec(read(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) : null;
}

/** Resident memory now, MB. */
export const rssMb = (pid: number): number | null => mb(statusKb(pid, 'VmRSS'));
/** Peak resident memory so far (VmHWM, what `maxRSS` reports from inside), MB. */
export const peakRssMb = (pid: number): number | null => mb(statusKb(pid, 'VmHWM'));

function mb(kb: number | null): number | null {
  return kb === null ? null : Math.round(kb / 1024);
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * User + system CPU time of a process so far, seconds; its command name and start time (clock
 * ticks after boot) beside it. With `reaped`, that of its children that have ended and been waited for as well.
 */
export function cpuSeconds(pid: number, reaped = false): { comm: string; seconds: number; startedAt: string } | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name is in parentheses and may hold spaces: fields count from the last ")".
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  // After ")": state is field 3, utime 14, stime 15 and starttime 22 (proc(5)), so indexes 11, 12 and 19 here.
  // cutime and cstime (fields 16 and 17) are the children's that have ended and been waited for.
  const ticks = Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  return { comm: stat.slice(stat.indexOf('(') + 1, close), seconds: ticks / CLOCK_TICKS, startedAt: fields[19] ?? '' };
}

/** A process and its descendants (a launcher and the command it started again: src/core/relaunch.mjs). */
export function processTree(pid: number): number[] {
  const children = (read(`/proc/${pid}/task/${pid}/children`) ?? '').split(' ').filter((p) => p !== '').map(Number);
  return [pid, ...children.flatMap(processTree)];
}

/** Summed over a process tree; null when none of it could be read. */
export function treeSum(pid: number, of: (pid: number) => number | null): number | null {
  const values = processTree(pid).map(of).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
}

/** CPU seconds of a process tree: the running processes', and those of children it has waited for (so a child's time is not lost when it ends first). */
export function treeCpuSeconds(pid: number): number | null {
  return treeSum(pid, (p) => cpuSeconds(p, p === pid)?.seconds ?? null);
}

function pids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

type Kind = 'bench' | 'background' | 'other';

/**
 * CPU time of the PostgreSQL server while a phase runs: the backends serving one database and
 * the server's own processes (WAL writer, checkpointer, background writer, autovacuum), apart
 * from the backends of other databases (other users of a shared cluster). Each process's latest
 * reading is kept, so a backend that ends between samples loses at most one interval. Processes
 * are told apart by pid and start time: pids are reused quickly on a busy machine.
 */
export class PostgresCpu {
  private readonly start = new Map<string, number>();
  private readonly latest = new Map<string, { seconds: number; kind: Kind }>();

  constructor(private readonly database: string) {
    for (const [id, p] of this.scan()) this.start.set(id, p.seconds);
  }

  /**
   * A backend's title is "postgres: [CLUSTER: ]USER DATABASE HOST(PORT) STATE"; a parallel worker
   * names its leader's pid; the server's own processes have neither.
   */
  private kind(title: string, scanned: Map<string, { pid: number; kind: Kind }>): Kind {
    const leader = /parallel worker for PID (\d+)/.exec(title);
    if (leader) return [...scanned.values()].find((p) => p.pid === Number(leader[1]))?.kind ?? 'other';
    const backend = /^postgres: (?:\S+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title);
    if (!backend) return 'background';
    return backend[1] === this.database ? 'bench' : 'other';
  }

  private scan(): Map<string, { pid: number; seconds: number; kind: Kind }> {
    const found = new Map<string, { pid: number; seconds: number; kind: Kind; title: string }>();
    for (const pid of pids()) {
      const cpu = cpuSeconds(pid);
      if (cpu?.comm !== 'postgres') continue;
      found.set(`${pid}@${cpu.startedAt}`, { pid, seconds: cpu.seconds, kind: 'background', title: (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ').trim() });
    }
    // Leaders first, so that their parallel workers take their kind.
    for (const p of found.values()) if (!p.title.includes('parallel worker')) p.kind = this.kind(p.title, found);
    for (const p of found.values()) if (p.title.includes('parallel worker')) p.kind = this.kind(p.title, found);
    return found;
  }

  sample(): void {
    for (const [id, p] of this.scan()) {
      // A backend that has just ended (a zombie) shows no title: it keeps the kind it had.
      const before = this.latest.get(id)?.kind;
      this.latest.set(id, { seconds: p.seconds, kind: before && before !== 'background' ? before : p.kind });
    }
  }

  /** Seconds used since construction: by the database's backends, and by the server's own processes. */
  totals(): { backendSeconds: number; backgroundSeconds: number } {
    const sum: Record<Kind, number> = { bench: 0, background: 0, other: 0 };
    for (const [id, p] of this.latest) sum[p.kind] += p.seconds - (this.start.get(id) ?? 0);
    return { backendSeconds: round(sum.bench), backgroundSeconds: round(sum.background) };
  }
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** Calls `fn` every `ms` until stopped (and once more at the stop). */
export function every(ms: number, fn: () => void | Promise<void>): { stop: () => Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      await fn();
      await new Promise((r) => setTimeout(r, ms));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await fn();
    },
  };
}
