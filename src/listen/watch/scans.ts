import type { AnyDb } from '../../store';
import type { ScanProgress, ScanSummary } from './scan';
import { scanWatchlist } from './scan';

/**
 * The scans a long-running process (the server) runs in the background, one list at a time:
 * a list changed while it is being scanned is scanned again afterwards. Progress is kept in
 * memory for the API to show.
 */
export class WatchScans {
  private readonly running = new Map<string, ScanProgress>();
  private readonly again = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: AnyDb,
    private readonly onError: (id: string, error: unknown) => void = () => undefined,
  ) {}

  /** Scans the list soon (after the scans before it); a scan already waiting or running is run once more. */
  start(id: string): void {
    if (this.running.has(id)) {
      this.again.add(id);
      return;
    }
    this.running.set(id, { scanned: 0, total: 0, recorded: 0 });
    const run = this.queue.then(() => this.run(id));
    this.queue = run.catch(() => undefined);
  }

  /** The progress of the list's scan, or null when none is waiting or running. */
  progress(id: string): ScanProgress | null {
    return this.running.get(id) ?? null;
  }

  /** Resolves once every scan started so far has ended. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await this.queue;
  }

  private async run(id: string): Promise<ScanSummary | null> {
    try {
      return await scanWatchlist(this.db, id, (p) => this.running.set(id, p));
    } catch (error) {
      this.onError(id, error);
      return null;
    } finally {
      this.running.delete(id);
      if (this.again.delete(id)) this.start(id);
    }
  }
}
