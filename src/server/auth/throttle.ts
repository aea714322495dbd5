/**
 * Failed logins per user name: after `limit` failures within `windowMs`, further attempts on that
 * name wait until the window has passed — password guessing gets a few tries an hour, not
 * thousands a second. Kept in memory (a restart forgets it); bounded by the names tried.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly maxNames = 10_000,
  ) {}

  /** Milliseconds to wait before `name` may try again; 0 when it may now. */
  wait(name: string, now = Date.now()): number {
    const recent = this.recent(name, now);
    return recent.length < this.limit ? 0 : recent[0]! + this.windowMs - now;
  }

  fail(name: string, now = Date.now()): void {
    const recent = [...this.recent(name, now), now];
    // Kept in the order of their last failure: when full, the name that failed longest ago goes.
    // (Forgetting every name at once would let anyone clear a name's count by trying many others.)
    this.failures.delete(name);
    if (this.failures.size >= this.maxNames) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(name, recent);
  }

  succeed(name: string): void {
    this.failures.delete(name);
  }

  private recent(name: string, now: number): number[] {
    return (this.failures.get(name) ?? []).filter((t) => t > now - this.windowMs);
  }
}
