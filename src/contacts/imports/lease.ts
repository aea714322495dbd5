import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Selectable } from 'kysely';
import { ConflictError } from '../../core/errors';
import type { ContactsDb, ContactTables } from '../tables';

/**
 * An import's lease on its row of `contact_imports`: who runs it (`held_by`: host, process and a
 * token of the run) and until when (`held_until`), renewed while it runs and with each batch. A
 * second run of the same file resumes an unfinished import only when its runner is gone: a
 * process of this host that no longer exists, or a lease that has lapsed (another host). Each
 * batch commits only while its run still holds the lease, so two runs never write the same import.
 */
export const LEASE_MS = 60_000;
const RENEW_MS = LEASE_MS / 4;

/** Runs of this process holding a lease now: a lease of this process's pid that is not one of them was left by an earlier process. */
const running = new Set<string>();

/**
 * Where a process id means this process's: the host name and, on Linux, the boot (a kernel's boot
 * id) and the process-id namespace (two containers with one host name each have their own pids,
 * and a pid of the other is no sign of life or death; namespace numbers repeat from one kernel to
 * the next, hence the boot). A lease held elsewhere is taken over only once it has lapsed.
 */
export function pidSpace(): string {
  try {
    const ns = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/[^0-9a-f]/g, '');
    return ns && boot ? `${hostname()}#${boot}.${ns}` : hostname();
  } catch {
    return hostname();
  }
}

const HERE = pidSpace();

/** A run's name in the lease, counted as running in this process until dropped. */
export function newHolder(): string {
  const holder = `${HERE}:${process.pid}:${randomBytes(6).toString('hex')}`;
  running.add(holder);
  return holder;
}

export function dropHolder(holder: string): void {
  running.delete(holder);
}

/** Whether a process of this host with that pid exists (a process of another user counts). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the run that holds a lease may still be running: then its import is not to be resumed. */
export function holderAlive(heldBy: string | null, heldUntil: number | null, now: number): boolean {
  if (heldBy === null || heldUntil === null) return false;
  const [host, pidText] = heldBy.split(':');
  const pid = Number(pidText);
  if (host === HERE && Number.isInteger(pid)) return pid === process.pid ? running.has(heldBy) : processExists(pid) && heldUntil > now;
  return heldUntil > now;
}

type ImportRow = Selectable<ContactTables['contact_imports']>;

/**
 * Takes an unfinished import over from the run that left it (its lease as it was read), and
 * returns the row as it is once taken: the old run may have committed a batch between the read
 * and the takeover, and the new run goes on after that batch, not the one read. null: another run
 * took it first.
 */
export async function takeOver(db: ContactsDb, found: ImportRow, holder: string, now: number): Promise<ImportRow | null> {
  const taken = await db
    .updateTable('contact_imports')
    .set({ held_by: holder, held_until: Lease.until(now) })
    .where('id', '=', found.id)
    .where('finished_at', 'is', null)
    .where((eb) => (found.held_by === null ? eb('held_by', 'is', null) : eb('held_by', '=', found.held_by)))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) return null;
  // Held now: no other run's batch can commit to it any more, so this read is the last word.
  return (await db.selectFrom('contact_imports').selectAll().where('id', '=', found.id).where('held_by', '=', holder).executeTakeFirst()) ?? null;
}

export interface HeldImport {
  readonly id: number;
  readonly file: string;
  readonly doneLine: number;
  readonly startedAt: number;
  readonly heldUntil: number | null;
}

/** The answer to a run of a file whose import another run is carrying out. */
export function runningError(held: HeldImport, path: string): ConflictError {
  const progress = held.doneLine > 0 ? `, committed up to line ${held.doneLine}` : '';
  return new ConflictError(
    `import #${held.id} of this file is running (started ${new Date(held.startedAt).toISOString()}${progress}); wait for it to finish. Once its process has stopped, a run of the file resumes it where it left off (a run on another machine: once its lease lapses, ${new Date(held.heldUntil ?? 0).toISOString()} unless renewed)`,
    path,
  );
}

/** A run that lost its lease (it stalled past it and another run took the import over): it stops, its batch not written. */
export function lostError(importId: number): ConflictError {
  return new ConflictError(`import #${importId} was taken over by another run after this one stalled past its lease; this run stopped without writing its last batch`);
}

/** A run's hold on an import: renewed every RENEW_MS until released. */
export class Lease {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: ContactsDb,
    readonly importId: number,
    readonly holder: string,
  ) {}

  /** The time the lease runs to when renewed now. */
  static until(now = Date.now()): number {
    return now + LEASE_MS;
  }

  start(): void {
    this.timer = setInterval(() => void this.renew().catch(() => undefined), RENEW_MS);
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    await this.db.updateTable('contact_imports').set({ held_until: Lease.until() }).where('id', '=', this.importId).where('held_by', '=', this.holder).execute();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    dropHolder(this.holder);
  }

  /** The import is done: finished, and no longer held. */
  async finish(at: number): Promise<void> {
    this.stop();
    await this.db.updateTable('contact_imports').set({ finished_at: at, held_by: null, held_until: null }).where('id', '=', this.importId).where('held_by', '=', this.holder).execute();
  }

  /** The run failed: the import is left to be resumed at once by the next run of the file. */
  async release(): Promise<void> {
    this.stop();
    await this.db.updateTable('contact_imports').set({ held_by: null, held_until: null }).where('id', '=', this.importId).where('held_by', '=', this.holder).execute();
  }
}
