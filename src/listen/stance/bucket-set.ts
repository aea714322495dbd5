/**
 * The feature buckets one post has met, to count each once. Small and cleared per post by a
 * stamp, so that it stays in the processor's cache: a table over all 2^18 buckets (1 MB) made
 * every check a miss there. Open addressing over bucket numbers, which are hashes already.
 */
export class BucketSet {
  private keys = new Int32Array(256);
  private stamps = new Uint32Array(256);
  private stamp = 1;
  private size = 0;

  /** Empties the set. */
  clear(): void {
    this.size = 0;
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  /** Adds a bucket (a whole number ≥ 0); false if it was there already. */
  add(b: number): boolean {
    if (2 * this.size >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = b & mask;
    while (this.stamps[i] === this.stamp) {
      if (this.keys[i] === b) return false;
      i = (i + 1) & mask;
    }
    this.stamps[i] = this.stamp;
    this.keys[i] = b;
    this.size++;
    return true;
  }

  private grow(): void {
    const { keys, stamps, stamp } = this;
    this.keys = new Int32Array(2 * keys.length);
    this.stamps = new Uint32Array(2 * keys.length);
    this.stamp = 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (stamps[i] === stamp) this.add(keys[i]!);
  }
}
