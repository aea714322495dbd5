import { isUtf8 } from 'node:buffer';

/** Byte offset of the first byte that breaks UTF-8 well-formedness, or -1 if the buffer is valid. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  if (isUtf8(buf)) return -1;
  let i = 0;
  while (i < buf.length) {
    const len = sequenceLength(buf, i);
    if (len === 0) return i;
    i += len;
  }
  return -1;
}

function sequenceLength(buf: Uint8Array, i: number): number {
  const b = buf[i]!;
  if (b < 0x80) return 1;
  const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > buf.length) return 0;
  for (let k = 1; k < len; k++) {
    if ((buf[i + k]! & 0xc0) !== 0x80) return 0;
  }
  return isUtf8(buf.subarray(i, i + len)) ? len : 0;
}

/** The bytes without a leading UTF-8 byte-order mark (as Windows tools write one: it is not content). */
export function withoutBom<T extends Uint8Array>(b: T): T {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? (b.subarray(3) as T) : b;
}

/** The text without a leading byte-order mark. */
export function withoutBomText(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
