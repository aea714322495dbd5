import { describe, expect, it } from 'vitest';
import { decodeWindows1252, detectEncoding, fromUtf16, utf8OrWindows1252 } from './encoding';

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

describe('a file whose start is ASCII', () => {
  const decode = async (...parts: Buffer[]): Promise<[string, string]> => {
    const d = utf8OrWindows1252(of(...parts));
    const t = await text(d.chunks);
    return [t, d.encoding()];
  };
  const cp1252 = Buffer.from([0x43, 0x9c, 0x75, 0x72, 0x3b, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x4a, 0x6f, 0x73, 0xe9, 0x3b, 0x80]); // Cœur;Müller;José;€

  it('is Windows-1252 from its first byte that does not begin UTF-8, wherever the chunks are cut', async () => {
    const ascii = Buffer.from('id;name\n1;Plain\n2;');
    const all = Buffer.concat([ascii, cp1252, Buffer.from('\n')]);
    for (let cut = 0; cut <= all.length; cut++) {
      expect(await decode(all.subarray(0, cut), all.subarray(cut)), `cut at ${cut}`).toEqual(['id;name\n1;Plain\n2;Cœur;Müller;José;€\n', 'windows-1252']);
    }
    // A byte that could begin a UTF-8 letter, cut short by the end of the file, is not one.
    expect(await decode(Buffer.from('a;b\n1;Caf'), Buffer.from([0xc3]))).toEqual(['a;b\n1;CafÃ', 'windows-1252']);
  });

  it('stays UTF-8 once a well-formed UTF-8 letter came first, a letter cut between chunks included, and passes a later stray byte on for its line to be refused', async () => {
    const all = Buffer.concat([Buffer.from('id;name\n1;José 𝒵\n2;Str'), Buffer.from([0xe9]), Buffer.from('\n')]);
    for (let cut = 0; cut <= all.length; cut++) {
      const d = utf8OrWindows1252(of(all.subarray(0, cut), all.subarray(cut)));
      const parts: Buffer[] = [];
      for await (const c of d.chunks) parts.push(c);
      expect(Buffer.concat(parts).equals(all), `cut at ${cut}`).toBe(true);
      expect(d.encoding()).toBe('utf-8');
    }
    // Overlong forms and surrogates have UTF-8's shape and are not UTF-8.
    expect(await decode(Buffer.from('a\n'), Buffer.from([0xc0, 0xa9, 0x0a]))).toEqual(['a\nÀ©\n', 'windows-1252']);
    expect(await decode(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toEqual(['aí\u00a0€', 'windows-1252']);
    expect(await decode(Buffer.from('only ascii\n'))).toEqual(['only ascii\n', 'utf-8']);
  });

  it('hands each chunk on as it comes (memory stays flat), holding back only the bytes of a letter cut between chunks', async () => {
    const chunks = [Buffer.from('a;b\n'), Buffer.from([0x31, 0x3b, 0xe2, 0x82]), Buffer.from([0xac, 0x0a]), Buffer.from('2;x\n')];
    const seen: string[] = [];
    let read = 0;
    async function* source(): AsyncGenerator<Buffer> {
      for (const c of chunks) {
        read++;
        yield c;
      }
    }
    for await (const out of utf8OrWindows1252(source()).chunks) seen.push(`${read}:${out.toString('utf8')}`);
    expect(seen).toEqual(['1:a;b\n', '2:1;', '3:€\n', '4:2;x\n']);
  });
});
