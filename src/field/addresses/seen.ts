/**
 * The address ids an import has seen, as 64-bit hashes in typed arrays (open addressing): 8 bytes an
 * id, outside the JavaScript heap, so that a national file of tens of millions of lines fits where
 * a Map of the ids (a string and a number per entry, and at most 2^24 entries) would not. Two ids
 * share a hash with odds of about n² / 2^65 over a file of n ids (2 in 100,000 for 26 million): the
 * second would be reported as a repeat.
 */
export class SeenIds {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    if (this.count * 4 >= this.hi.length * 3) this.grow();
    const [h, l] = hash64(id);
    return this.place(h, l);
  }

  has(id: string): boolean {
    const [h, l] = hash64(id);
    const mask = this.hi.length - 1;
    for (let i = l & mask; ; i = (i + 1) & mask) {
      if (this.hi[i] === 0 && this.lo[i] === 0) return false;
      if (this.hi[i] === h && this.lo[i] === l) return true;
    }
  }

  private place(h: number, l: number): boolean {
    const mask = this.hi.length - 1;
    for (let i = l & mask; ; i = (i + 1) & mask) {
      if (this.hi[i] === 0 && this.lo[i] === 0) {
        this.hi[i] = h;
        this.lo[i] = l;
        this.count++;
        return true;
      }
      if (this.hi[i] === h && this.lo[i] === l) return false;
    }
  }

  private grow(): void {
    const { hi, lo } = this;
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(lo.length * 2);
    this.count = 0;
    for (let i = 0; i < hi.length; i++) if (hi[i] !== 0 || lo[i] !== 0) this.place(hi[i]!, lo[i]!);
  }
}

/** Two independent 32-bit hashes of the UTF-16 code units (FNV-1a and a multiplicative one); never both zero (the empty slot). */
function hash64(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x85ebca6b);
    b ^= b >>> 13;
  }
  a >>>= 0;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35) >>> 0;
  return a === 0 && b === 0 ? [0, 1] : [a, b];
}
