/**
 * Lines of text gathered as UTF-8 bytes, each encoded straight into one growing buffer: cheaper
 * than joining the lines into one string and encoding that (measured ~7× on the classify
 * output), and the bytes are ready to write or to hand to another thread.
 */
export class Utf8Lines {
  private buffer: Uint8Array;
  private length = 0;
  private readonly encoder = new TextEncoder();

  constructor(initialBytes = 64 * 1024) {
    this.buffer = new Uint8Array(initialBytes);
  }

  /** Adds `text` and a newline. */
  add(text: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    this.reserve(3 * text.length + 1);
    this.length += this.encoder.encodeInto(text, this.buffer.subarray(this.length)).written;
    this.buffer[this.length++] = 0x0a;
  }

  /** The bytes so far: a view of a buffer of its own (which may be longer). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length;
    while (this.length + bytes > size) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
