import { describe, expect, it } from 'vitest';
import { decodeWindows1252, detectEncoding, fromUtf16 } from './encoding';

async function text(chunks: AsyncIterable<Buffer>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c.toString('utf8');
  return out;
}

async function* of(...parts: Buffer[]): AsyncGenerator<Buffer> {
  yield* parts;
}

describe('UTF-16 input', () => {
  it('is told by its byte-order mark, or by the zero bytes of mostly-ASCII text, and not in UTF-8 or Latin-1', () => {
    const sample = 'email,prénom\nzoe@example.org,Zoé\n';
    expect(detectEncoding(Buffer.from(`\ufeff${sample}`, 'utf16le'), true)).toBe('utf-16le');
    expect(detectEncoding(Buffer.from(`\ufeff${sample}`, 'utf16le').swap16(), true)).toBe('utf-16be');
    expect(detectEncoding(Buffer.from(sample, 'utf16le'), true)).toBe('utf-16le');
    expect(detectEncoding(Buffer.from(sample, 'utf16le').swap16(), true)).toBe('utf-16be');
    expect(detectEncoding(Buffer.from(sample, 'utf8'), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from(sample, 'latin1'), true)).toBe('windows-1252');
    // A binary file with NUL bytes here and there is not taken for text.
    expect(detectEncoding(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), true)).toBe('utf-8');
  });

  it('decodes to UTF-8 chunk by chunk, a code unit or a surrogate pair cut between chunks coming out whole, the mark dropped', async () => {
    const bytes = Buffer.from('\ufeffid\tn\n1\t𝒵é\n', 'utf16le');
    const at = bytes.indexOf(Buffer.from('𝒵', 'utf16le'));
    const parts = [bytes.subarray(0, at + 1), bytes.subarray(at + 1, at + 3), bytes.subarray(at + 3, at + 6), bytes.subarray(at + 6)];
    expect(await text(fromUtf16(of(...parts), 'utf-16le'))).toBe('id\tn\n1\t𝒵é\n');
    expect(await text(fromUtf16(of(...parts.map((p) => Buffer.from(p))), 'utf-16le'))).toBe('id\tn\n1\t𝒵é\n');
    const be = Buffer.from(bytes).swap16();
    expect(await text(fromUtf16(of(be.subarray(0, 5), be.subarray(5)), 'utf-16be'))).toBe('id\tn\n1\t𝒵é\n');
  });
});

describe('Windows-1252 input', () => {
  it("decodes the bytes 0x80–0x9F as Windows-1252's characters (œ, ’, €), not as the C1 controls of Latin-1", () => {
    // 'Cœur D’Arc, l’Œuvre: 5 € – … Ÿ' as a French spreadsheet saves it.
    const bytes = Buffer.from([67, 156, 117, 114, 32, 68, 146, 65, 114, 99, 44, 32, 108, 146, 140, 117, 118, 114, 101, 58, 32, 53, 32, 128, 32, 150, 32, 133, 32, 159]);
    expect(decodeWindows1252(bytes)).toBe('Cœur D’Arc, l’Œuvre: 5 € – … Ÿ');
    expect(decodeWindows1252(Buffer.from('prénom;Zoé', 'latin1'))).toBe('prénom;Zoé');
    // The five bytes Windows-1252 leaves undefined stay what WHATWG's table makes them.
    expect(decodeWindows1252(Buffer.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe('\u0081\u008d\u008f\u0090\u009d');
  });
});
